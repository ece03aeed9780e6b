import { Inject, Injectable } from "@nestjs/common";

import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentReservation } from "../../api/structures/IPaymentReservation";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { payment_reservations } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import { PaymentRegistrationProvider } from "../histories/PaymentRegistrationProvider";
import { PaymentContext } from "../PaymentContext";
import { PaymentReservationProvider } from "../reservations/PaymentReservationProvider";
import { PaymentSettlementProvider } from "../settlements/PaymentSettlementProvider";

/**
 * Pay with a stored billing key. The new payment goes through the same pending → PG →
 * verify → settle path as a registration, so a charge cut off by a crash or a timeout is
 * a pending row the reconciler settles from the PG (found by its order id).
 */
@Injectable()
export class PaymentChargeProvider {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentRegistrationProvider) private readonly registrations: PaymentRegistrationProvider,
    @Inject(PaymentReservationProvider) private readonly reservations: PaymentReservationProvider,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
  ) {}

  public async charge(client: string, input: IPaymentReservation.ICharge, scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed()): Promise<IPaymentHistory> {
    const ref = input.reservation;
    const reservation =
      "id" in ref
        ? await this.reservations.unlock(client, ref.id, ref.password)
        : await this.reservations.unlockBySource(client, ref.source, ref.password);
    return this.chargeKey(
      client,
      reservation,
      {
        source: input.source,
        price: input.price,
        currency: input.currency ?? "KRW",
        order_name: input.order_name,
        password_hash: this.ctx.hasher.hash(input.password),
        webhook_url: input.webhook_url ?? null,
        settlement: input.settlement ?? null,
      },
      scope,
    );
  }

  /** Charge a billing key already unlocked (by its password, or by a schedule of its own). */
  public async chargeKey(
    client: string,
    reservation: typeof payment_reservations.$inferSelect,
    order: PaymentChargeProvider.IOrder,
    scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed(),
  ): Promise<IPaymentHistory> {
    if (reservation.revoked_at !== null)
      throw new PaymentError(
        422,
        "RESERVATION_REVOKED",
        `This billing key was revoked on ${reservation.revoked_at.toISOString()} (${reservation.revoked_reason ?? "deleted at its PG"}): it cannot be charged. Ask the customer for a new one.`,
      );
    const vendor = {
      code: reservation.vendor_code as IPaymentHistory["vendor_code"],
      store_id: reservation.vendor_store_id,
      uid: reservation.vendor_uid,
    };
    const billing = this.ctx.ciphers.billing.decryptJson<unknown>(reservation.data_enc);
    return this.registrations.register(
      client,
      { vendor: { code: vendor.code, store_id: vendor.store_id, uid: null }, source: order.source, price: order.price, currency: order.currency },
      { password_hash: order.password_hash, webhook_url: order.webhook_url, settlement: this.settlements.freeze(client, order.settlement, order.price) },
      (historyId) =>
        this.ctx.gateways.charge(
          vendor,
          billing,
          // One history, one charge: a retry of this charge is replayed by Toss.
          { orderId: order.source.id, amount: order.price, orderName: order.order_name, idempotencyKey: `payments-server:charge:${historyId}` },
        ),
      scope,
    );
  }
}
export namespace PaymentChargeProvider {
  /** What a billing key is charged for. */
  export interface IOrder {
    source: IPaymentSource;
    price: number;
    currency: IPaymentHistory["currency"];
    order_name: string;
    password_hash: string;
    webhook_url: string | null;
    settlement: IPaymentSettlement.IPlan | null;
  }
}
