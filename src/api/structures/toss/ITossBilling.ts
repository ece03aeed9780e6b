import { tags } from "typia";

/**
 * Toss Payments v1 billing-key object (빌링키): the answer of
 * `POST /v1/billing/authorizations/issue` and `/card`.
 *
 * Toss v1 has no API to read a billing key back: this object is only ever seen when issued.
 */
export interface ITossBilling {
  mId: string;
  /** The merchant's id of the buyer; every charge must repeat it. */
  customerKey: string;
  authenticatedAt: string & tags.Format<"date-time">;
  method: "카드";
  billingKey: string;
  cardCompany: string;
  /** Masked card number. */
  cardNumber: string;
  card: ITossBilling.ICard;
}
export namespace ITossBilling {
  export interface ICard {
    issuerCode: string;
    acquirerCode: string;
    number: string;
    cardType: "신용" | "체크" | "기프트" | "미확인";
    ownerType: "개인" | "법인" | "미확인";
  }
}
