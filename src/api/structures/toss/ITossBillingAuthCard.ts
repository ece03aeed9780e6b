import { tags } from "typia";

/** Body of `POST /v1/billing/authorizations/card`: issue a billing key from card numbers. */
export interface ITossBillingAuthCard {
  customerKey: string & tags.MinLength<2> & tags.MaxLength<300>;
  cardNumber: string & tags.Pattern<"^[0-9]{13,20}$">;
  cardExpirationYear: string & tags.Pattern<"^[0-9]{2}$">;
  cardExpirationMonth: string & tags.Pattern<"^[0-9]{2}$">;
  cardPassword?: string & tags.Pattern<"^[0-9]{2}$">;
  customerIdentityNumber: string & tags.Pattern<"^([0-9]{6}|[0-9]{10})$">;
  customerName?: string;
  customerEmail?: string & tags.Format<"email">;
}
