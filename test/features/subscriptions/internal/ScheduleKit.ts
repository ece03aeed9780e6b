import api from "../../../../src/api";
import type { IPaymentReservation } from "../../../../src/api/structures/IPaymentReservation";
import type { IPaymentSchedule } from "../../../../src/api/structures/IPaymentSchedule";
import type { IPaymentVendor } from "../../../../src/api/structures/IPaymentVendor";
import { SandboxClock } from "../../../internal/clock";
import { eventually } from "../../../internal/lifecycle";
import { iamportOf, orderId, password, portoneBillingKey, tossInternal } from "../../../internal/pgs";
import { TestContext } from "../../../TestContext";

/** A billing key at a PG, recorded, and the password its schedules are read with. */
export interface IKey {
  vendor: IPaymentVendor.Code;
  reservation: IPaymentReservation;
  password: string;
}

export namespace ScheduleKit {
  export const VENDORS: IPaymentVendor.Code[] = ["toss.payments", "iamport", "portone"];

  /** A customer registers `card` in the PG's billing window; the SaaS records the key. */
  export const key = async (ctx: TestContext, vendor: IPaymentVendor.Code, card = "4330123412341234"): Promise<IKey> => {
    const secret = password();
    const source = { schema: "saas", table: "subscriptions", id: orderId() };
    let reservation: IPaymentReservation;
    if (vendor === "toss.payments") {
      const customerKey = `customer-${orderId()}`;
      const { authKey } = await tossInternal<{ authKey: string }>(ctx, "billing/auth", { customerKey, cardNumber: card });
      reservation = await api.functional.payments.reservations.create(ctx.connection, {
        vendor: { code: vendor, store_id: ctx.toss.storeId, uid: authKey },
        customer_key: customerKey,
        source,
        title: "Pro plan",
        password: secret,
      });
    } else if (vendor === "iamport") {
      const uid = `cust-${orderId()}`;
      await iamportOf(ctx).createCustomer(ctx.iamport.storeId, uid, { card_number: card.replace(/(\d{4})(?=\d)/g, "$1-"), expiry: "2030-12", birth: "880311", customer_name: "Nam" });
      reservation = await api.functional.payments.reservations.create(ctx.connection, { vendor: { code: vendor, store_id: ctx.iamport.storeId, uid }, source, title: "Pro plan", password: secret });
    } else {
      const issued = await portoneBillingKey(ctx, card);
      reservation = await api.functional.payments.reservations.create(ctx.connection, {
        vendor: { code: "portone", store_id: ctx.portone.storeId, uid: issued.billingKey },
        source,
        title: "Pro plan",
        password: secret,
      });
    }
    return { vendor, reservation, password: secret };
  };

  export const create = (ctx: TestContext, key: IKey, input: Omit<IPaymentSchedule.ICreate, "reservation">): Promise<IPaymentSchedule> =>
    api.functional.payments.schedules.create(ctx.connection, { reservation: { id: key.reservation.id, password: key.password }, ...input });

  export const read = (ctx: TestContext, key: IKey, id: string): Promise<IPaymentSchedule> => api.functional.payments.schedules.get(ctx.connection, id, { password: key.password });

  export const moveTo = SandboxClock.moveTo;
  export const withClock = SandboxClock.withClock;

  /** Wait until the workers have made the schedule what `settled` says. */
  export const until = (ctx: TestContext, key: IKey, id: string, what: string, settled: (s: IPaymentSchedule) => boolean): Promise<IPaymentSchedule> =>
    eventually(what, async () => {
      const s = await read(ctx, key, id);
      return settled(s) ? s : null;
    });

  /** The payments recorded for a schedule's tries, oldest first. */
  export const charges = (ctx: TestContext, scheduleId: string) =>
    ctx.query<{ source_id: string; status: string; price: string | number; created_at: Date }>(
      "SELECT source_id, status, price, created_at FROM payment_histories WHERE source_table = 'schedule_charges' AND source_id LIKE $1 ORDER BY source_id",
      [`sch_${scheduleId.replaceAll("-", "")}_%`],
    );
}
