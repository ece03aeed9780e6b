import type { IPaymentSchedule } from "../../../src/api/structures/IPaymentSchedule";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { assert, equal, expectError } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { ScheduleKit } from "./internal/ScheduleKit";
import api from "../../../src/api";

/**
 * A subscriber deletes the card at the PG (Toss `DELETE /v1/billing/{billingKey}`, PortOne
 * `DELETE /billing-keys/{billingKey}`), and the PG tells (`BILLING_DELETED`,
 * `BillingKey.Deleted`): the key's schedule stops at once, `past_due` with the reason, announced
 * as `subscription.past_due`. When its day comes nothing is tried (no payment, no try counted,
 * no order at the PG); a new schedule on that key is refused.
 */
export async function test_subscription_billing_key_deleted_at_the_pg_stops_its_schedule_before_any_charge(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    await ScheduleKit.withClock(ctx, async () => {
      for (const vendor of ["toss.payments", "portone"] as const) {
        const key = await ScheduleKit.key(ctx, vendor);
        const schedule = await ScheduleKit.create(ctx, key, { amount: 4_900, order_name: "Lite plan", cycle: { type: "days", every: 30 }, starts_at: "2027-11-01T10:00:00+09:00", webhook_url: receiver.url });
        const deleted =
          vendor === "toss.payments"
            ? await fetch(`${ctx.toss.host}/v1/billing/${encodeURIComponent(key.reservation.vendor.uid)}`, {
                method: "DELETE",
                headers: { authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}` },
              })
            : await fetch(`${ctx.portone.host}/billing-keys/${encodeURIComponent(key.reservation.vendor.uid)}`, { method: "DELETE", headers: { authorization: `PortOne ${ctx.portone.apiSecret}` } });
        equal(deleted.status, 200, `${vendor}: deleted at the PG`);
        const stopped = await ScheduleKit.until(ctx, key, schedule.id, `${vendor}: the schedule stopped`, (s) => s.status === "past_due");
        equal([stopped.next_try_at, stopped.failed_tries, stopped.charged], [null, 0, 0], `${vendor}: nothing due, nothing tried`);
        assert(stopped.stopped_reason?.startsWith("billing key deleted at the PG") === true, `${vendor}: the reason (${stopped.stopped_reason})`);
        const events = await WebhookKit.until(`${vendor}: past_due announced`, () => {
          const mine = (receiver.accepted as unknown as IPaymentSchedule.IWebhook[]).filter((e) => e.current?.id === schedule.id);
          return mine.length !== 0 ? mine : null;
        });
        equal([events.map((e) => e.type), events[0]!.previous?.status, events[0]!.current.stopped_reason], [["subscription.past_due"], "active", stopped.stopped_reason], `${vendor}: announced once with the reason`);

        await ScheduleKit.moveTo(ctx, "2027-11-01T01:00:10Z");
        await WebhookKit.sleep(500);
        const after = await ScheduleKit.read(ctx, key, schedule.id);
        equal([after.status, after.failed_tries, after.updated_at], ["past_due", 0, stopped.updated_at], `${vendor}: its day passed untouched`);
        equal((await ScheduleKit.charges(ctx, schedule.id)).length, 0, `${vendor}: no payment`);
        const order = `sch_${schedule.id.replaceAll("-", "")}_0_0`;
        const atPg =
          vendor === "toss.payments"
            ? await fetch(`${ctx.toss.host}/v1/payments/orders/${order}`, { headers: { authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}` } })
            : await fetch(`${ctx.portone.host}/payments/${order}`, { headers: { authorization: `PortOne ${ctx.portone.apiSecret}` } });
        equal(atPg.status, 404, `${vendor}: no charge ever reached the PG`);
        await expectError(422, "RESERVATION_REVOKED", () => ScheduleKit.create(ctx, key, { amount: 4_900, order_name: "Lite plan", cycle: { type: "once" } }));
        await api.functional.payments.schedules.cancel(ctx.connection, schedule.id, { password: key.password });
        await ScheduleKit.moveTo(ctx, null);
      }
    });
  } finally {
    await receiver.close();
  }
}
