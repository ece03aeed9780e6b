import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { Inject } from "@nestjs/common";
import { tags } from "typia";

import type { IPaymentHistory } from "../api/structures/IPaymentHistory";
import type { IPaymentReservation } from "../api/structures/IPaymentReservation";
import { PaymentChargeProvider } from "../providers/charges/PaymentChargeProvider";
import { IdempotencyProvider } from "../providers/idempotency/IdempotencyProvider";
import { PaymentReservationProvider } from "../providers/reservations/PaymentReservationProvider";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { PaymentContext } from "../providers/PaymentContext";
import { WebhookUrlPolicy } from "../providers/webhooks/WebhookUrlPolicy";
import { ClientId } from "./ClientId";
import { IdempotencyKey } from "./IdempotencyKey";

@EncryptedController("payments/reservations", ClientKeyring.closure)
export class PaymentReservationsController {
  public constructor(
    private readonly reservations: PaymentReservationProvider,
    private readonly charges: PaymentChargeProvider,
    private readonly idempotency: IdempotencyProvider,
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
  ) {}

  /**
   * Register a billing key (Toss: issued here from the billing window's `authKey`;
   * Iamport: the `customer_uid`, fetched and verified; PortOne V2: the `billingKey` the
   * billing-key window issued, read and required `ISSUED`). A PG without billing keys answers
   * 422 UNSUPPORTED_BY_PG.
   *
   * @tag reservations
   */
  @EncryptedRoute.Post()
  public create(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @EncryptedBody() input: IPaymentReservation.IStore,
  ): Promise<IPaymentReservation> {
    return this.idempotency.run(client, key, "POST /payments/reservations", input, (scope) => this.reservations.store(client, input, scope));
  }

  /**
   * Pay with a stored billing key (Toss `POST /v1/billing/{billingKey}`, Iamport
   * `POST /subscribe/payments/again`, PortOne V2 `POST /payments/{source.id}/billing-key`) for
   * a new source record, giving a new payment history
   * with its own password. A declined card is 422 PG_REJECTED and nothing is recorded; a key the
   * PG reported deleted is 422 RESERVATION_REVOKED; a PG
   * that does not answer is 502 PG_UNAVAILABLE and the payment is reconciled with the PG.
   * Idempotent with an `Idempotency-Key` header (`connection.headers["Idempotency-Key"]`):
   * a repeat of a charge that got no answer gets its record (201), or `202 PAYMENT_PENDING`
   * with the pending record while the PG cannot tell yet; it never charges twice.
   *
   * @tag reservations
   */
  @EncryptedRoute.Post("charge")
  public charge(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @EncryptedBody() input: IPaymentReservation.ICharge,
  ): Promise<IPaymentHistory> {
    return this.idempotency.run(client, key, "POST /payments/reservations/charge", input, async (scope) => {
      await WebhookUrlPolicy.assert(this.ctx, input.webhook_url);
      return this.charges.charge(client, input, scope);
    });
  }

  /**
   * Read one billing key by its source record, with its password.
   *
   * @tag reservations
   */
  @EncryptedRoute.Patch("get")
  public get(@ClientId() client: string, @EncryptedBody() input: IPaymentReservation.IGet): Promise<IPaymentReservation> {
    return this.reservations.get(client, input);
  }

  /**
   * Read one billing key by id, with its password.
   *
   * @param id Id of the reservation.
   * @tag reservations
   */
  @EncryptedRoute.Patch(":id")
  public at(
    @ClientId() client: string,
    @TypedParam("id") id: string & tags.Format<"uuid">,
    @EncryptedBody() input: IPaymentReservation.IAccess,
  ): Promise<IPaymentReservation> {
    return this.reservations.at(client, id, input.password);
  }
}
