import crypto from "node:crypto";

import type { IPaymentHistory } from "../../../../src/api/structures/IPaymentHistory";
import { TestContext } from "../../../TestContext";

/**
 * Many outbox events, cheaply: history rows and their events inserted with SQL, payloads
 * encrypted with the server's real at-rest cipher. `histories × perHistory` events, each
 * history's events in `seq` order. Returns event ids per history, in order.
 */
export const insertBulkEvents = async (ctx: TestContext, url: string, histories: number, perHistory: number): Promise<Map<string, string[]>> => {
  const cipher = ctx.backend.state.ciphers.payment;
  const now = new Date().toISOString();
  const hIds: string[] = [];
  const hUids: string[] = [];
  const eIds: string[] = [];
  const eHistory: string[] = [];
  const ePayload: string[] = [];
  const out = new Map<string, string[]>();
  for (let h = 0; h < histories; ++h) {
    const id = crypto.randomUUID();
    hIds.push(id);
    hUids.push(`bulk_${id}`);
    const base = {
      id, vendor_code: "toss.payments", vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: `bulk_${id}` },
      source: { schema: "bulk", table: "orders", id }, data: {} as never, currency: "KRW", price: 1_000, refund: 0,
      status: "paid", webhook_url: url, created_at: now, paid_at: now, cancelled_at: null, cancels: [],
    } as unknown as IPaymentHistory;
    const payload = cipher.encryptJson({ previous: base, current: base });
    const ids: string[] = [];
    for (let e = 0; e < perHistory; ++e) {
      const eid = crypto.randomUUID();
      ids.push(eid);
      eIds.push(eid);
      eHistory.push(id);
      ePayload.push(payload);
    }
    out.set(id, ids);
  }
  const data = cipher.encryptJson(null);
  const hash = ctx.backend.state.hasher.hash("bulk-password-0000");
  await ctx.query(
    `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
                                    currency, price, status, data_enc, password_hash, webhook_url, created_at, updated_at)
     SELECT h, $3, 'toss.payments', $4, u, 'bulk', 'orders', h::text, 'KRW', 1000, 'paid', $5, $6, $7, now(), now()
       FROM unnest($1::uuid[], $2::text[]) AS t(h, u)`,
    [hIds, hUids, ctx.client.id, ctx.toss.storeId, data, hash, url],
  );
  // One statement, ordinality keeps each history's order in `seq`.
  await ctx.query(
    `INSERT INTO webhook_events (id, history_id, client_id, type, payload_enc, webhook_url, status, next_attempt_at, created_at)
     SELECT e, h, $4, 'payment.paid', p, $5, 'pending', now(), now()
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS t(e, h, p, n) ORDER BY n`,
    [eIds, eHistory, ePayload, ctx.client.id, url],
  );
  return out;
};
