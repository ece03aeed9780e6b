import type { IConnection } from "@nestia/fetcher";

import api from "../../src/api";
import type { IPaymentOrphan } from "../../src/api/structures/IPaymentOrphan";
import type { IPaymentVendor } from "../../src/api/structures/IPaymentVendor";
import { IamportAdapter } from "../../src/pg/iamport/IamportAdapter";
import { PortOneAdapter } from "../../src/pg/portone/PortOneAdapter";
import { TossAdapter } from "../../src/pg/toss/TossAdapter";
import { TestContext } from "../TestContext";
import { type IPaid, paidByCard } from "./lifecycle";
import { operatorOf } from "./operator";
import { iamportOf, portoneOf, tossOf } from "./pgs";

/**
 * A second store at each fake PG whose payments only the orphan scenarios make, so that a
 * sweep of them never meets another scenario's payments. The test program configures them in
 * the server and names them in the sandbox client's `stores` (policy `cancel`, events to
 * `EDGE.events_port`). Test credentials only.
 */
export const EDGE = {
  toss: { store_id: "orphans-toss", secret_key: "test_sk_orphans_payments_server", mId: "orphans" },
  iamport: { store_id: "orphans-iamport", imp_key: "imp_key_orphans_payments_server", imp_secret: "imp_secret_orphans_payments_server_0123456789", imp_code: "imp_orphans_payments_server" },
  portone: {
    id: "orphans-portone",
    storeId: "store-orphans-payments-server",
    apiSecret: "portone_api_secret_orphans_payments_server",
    webhookSecret: "whsec_b3JwaGFucy1wb3J0b25lLXdlYmhvb2stc2VjcmV0IQ==",
    channelKey: "channel-key-orphans-payments-server",
  },
  /** The port of the sandbox client's `events_url`, from the server's port. */
  events_offset: 45,
} as const;

/** The orphan stores as the server names them. */
export const EDGE_STORES: { code: IPaymentVendor.Code; store_id: string }[] = [
  { code: "toss.payments", store_id: EDGE.toss.store_id },
  { code: "iamport", store_id: EDGE.iamport.store_id },
  { code: "portone", store_id: EDGE.portone.id },
];

/**
 * Run `action` while no fake PG sends a webhook (lost on the way): nothing but a sweep or a
 * read can then tell the server what `action` did at the PG. A webhook of an earlier step
 * still being processed would re-read the PG and learn it too, so scenarios make the payments
 * they watch this way from the start.
 */
export const silently = async <T>(ctx: TestContext, action: () => Promise<T>): Promise<T> => {
  ctx.iamport.fake.dropWebhooks(1_000);
  ctx.iamport.fake.setWebhookUrl(null);
  ctx.toss.fake.setWebhookUrl(null);
  ctx.portone.fake.setWebhookUrl(null);
  try {
    return await action();
  } finally {
    ctx.iamport.fake.dropWebhooks(0);
    ctx.iamport.fake.setWebhookUrl(`${ctx.host}/payments/webhooks/iamport`);
    ctx.toss.fake.setWebhookUrl(`${ctx.host}/payments/webhooks/toss`);
    ctx.portone.fake.setWebhookUrl(`${ctx.host}/payments/webhooks/portone`);
  }
};

/** A buyer paid at an orphan store, `minutesAgo` by the PG's clock, its webhook lost: the payment's id there. */
export const paidAtEdgeStore = (ctx: TestContext, code: IPaymentVendor.Code, orderId: string, amount: number, minutesAgo: number): Promise<string> =>
  silently(ctx, () => paidAt(ctx, code, orderId, amount, minutesAgo));

const paidAt = async (ctx: TestContext, code: IPaymentVendor.Code, orderId: string, amount: number, minutesAgo: number): Promise<string> => {
  const past = () => new Date(Date.now() - minutesAgo * 60_000);
  if (code === "toss.payments") {
    ctx.toss.fake.setClock(past);
    try {
      const toss = new TossAdapter({ host: ctx.toss.host, stores: { s: { secretKey: EDGE.toss.secret_key } }, timeoutMs: 5_000 });
      const p = await toss.keyIn("s", { amount, orderId, orderName: "Never registered", cardNumber: "4330123412341234", cardExpirationYear: "28", cardExpirationMonth: "12", customerIdentityNumber: "880311" });
      return p.paymentKey;
    } finally {
      ctx.toss.fake.setClock(() => new Date());
    }
  }
  if (code === "iamport") {
    ctx.iamport.fake.setClock(past);
    try {
      const iamport = new IamportAdapter({ host: ctx.iamport.host, stores: { s: { impKey: EDGE.iamport.imp_key, impSecret: EDGE.iamport.imp_secret } }, timeoutMs: 5_000 });
      const p = await iamport.onetime("s", { card_number: "1234-1234-1234-1234", expiry: "2028-12", birth: "880311", merchant_uid: orderId, amount, name: "Never registered" });
      return p.imp_uid;
    } finally {
      ctx.iamport.fake.setClock(null);
    }
  }
  ctx.portone.fake.setClock(past);
  try {
    const res = await fetch(`${ctx.portone.host}/internal/payments/${encodeURIComponent(orderId)}/window`, {
      method: "POST",
      headers: { authorization: `PortOne ${EDGE.portone.apiSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ orderName: "Never registered", totalAmount: amount, payMethod: "CARD" }),
    });
    if (res.status !== 200) throw new Error(`fake PortOne window answered ${res.status}: ${await res.text()}`);
    return orderId;
  } finally {
    ctx.portone.fake.setClock(() => new Date());
  }
};

/** What an edge store's PG holds of a payment: its total and how much was refunded, how many cancels. */
export const atEdgeStore = async (ctx: TestContext, code: IPaymentVendor.Code, uid: string): Promise<{ refunded: number; cancels: number }> => {
  if (code === "toss.payments") {
    const p = await new TossAdapter({ host: ctx.toss.host, stores: { s: { secretKey: EDGE.toss.secret_key } }, timeoutMs: 5_000 }).getPayment("s", uid);
    return { refunded: p.totalAmount - p.balanceAmount, cancels: (p.cancels ?? []).length };
  }
  if (code === "iamport") {
    const p = await new IamportAdapter({ host: ctx.iamport.host, stores: { s: { impKey: EDGE.iamport.imp_key, impSecret: EDGE.iamport.imp_secret } }, timeoutMs: 5_000 }).getPayment("s", uid);
    return { refunded: p.cancel_amount, cancels: (p.cancel_history ?? []).length };
  }
  const p = await new PortOneAdapter({ host: ctx.portone.host, stores: { s: { storeId: EDGE.portone.storeId, apiSecret: EDGE.portone.apiSecret } }, timeoutMs: 5_000 }).getPayment("s", uid);
  return { refunded: p.amount.cancelled, cancels: (p.cancellations ?? []).length };
};

/** The operator sweeps now (`POST /operator/sweeps`), on this instance or another. */
export const sweepNow = (ctx: TestContext, body: IPaymentOrphan.ISweep = {}, connection: IConnection = operatorOf(ctx)) => api.functional.operator.sweeps.sweep(connection, body);

/** Refund `amount` of a payment at an orphan store in the PG's console, its webhook never sent. */
export const refundQuietlyAtEdgeStore = (ctx: TestContext, code: IPaymentVendor.Code, uid: string, amount: number): Promise<void> =>
  silently(ctx, async () => {
    if (code === "toss.payments")
      await new TossAdapter({ host: ctx.toss.host, stores: { s: { secretKey: EDGE.toss.secret_key } }, timeoutMs: 5_000 }).cancel("s", uid, { cancelReason: "console refund", cancelAmount: amount });
    else if (code === "iamport")
      await new IamportAdapter({ host: ctx.iamport.host, stores: { s: { impKey: EDGE.iamport.imp_key, impSecret: EDGE.iamport.imp_secret } }, timeoutMs: 5_000 }).cancel("s", { imp_uid: uid, amount, reason: "console refund" });
    else {
      const res = await fetch(`${ctx.portone.host}/payments/${encodeURIComponent(uid)}/cancel`, {
        method: "POST",
        headers: { authorization: `PortOne ${EDGE.portone.apiSecret}`, "content-type": "application/json" },
        body: JSON.stringify({ amount, reason: "console refund" }),
      });
      if (res.status !== 200) throw new Error(`fake PortOne cancel answered ${res.status}`);
    }
  });

/**
 * A buyer paid by card at the sandbox store of `vendor`, then `refund` of it was refunded in the
 * PG's console, every webhook of the payment lost on the way (a paid webhook still in
 * processing after the refund would re-read the PG and tell it).
 */
export const paidThenRefundedInTheConsole = (ctx: TestContext, vendor: IPaymentVendor.Code, price: number, refund: number): Promise<IPaid> =>
  silently(ctx, async () => {
    const paid = await paidByCard(ctx, vendor, price);
    if (vendor === "portone") await portoneOf(ctx).cancel(ctx.portone.storeId, paid.uid, { amount: refund, reason: "console refund" });
    else if (vendor === "iamport") await iamportOf(ctx).cancel(ctx.iamport.storeId, { imp_uid: paid.uid, amount: refund, reason: "console refund" });
    else await tossOf(ctx).cancel(ctx.toss.storeId, paid.uid, { cancelReason: "console refund", cancelAmount: refund });
    return paid;
  });
