import crypto from "node:crypto";

import { assert } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/** Buffers (pages) a plan node and its children touched, from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON). */
const pages = (node: Record<string, unknown>): number =>
  Number(node["Shared Hit Blocks"] ?? 0) + Number(node["Shared Read Blocks"] ?? 0);

/**
 * A PG's webhook names its payment by the PG's id (a Toss deposit callback: by our order id),
 * never by our store or the caller's record: with 3,000 more payments of the same PG on the
 * books (several stores, callers' tables), finding one either way (the statements the inbound
 * webhooks and their sweep run) still reads a handful of pages, one index descent, instead of
 * walking every payment of that PG or the whole table. Pages counted by the database, not timed.
 */
export async function test_webhooks_find_their_payment_in_one_index_lookup(ctx: TestContext): Promise<void> {
  const cipher = ctx.backend.state.ciphers.payment;
  const ids = Array.from({ length: 3_000 }, () => crypto.randomUUID());
  await ctx.query(
    `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
                                    currency, price, status, data_enc, password_hash, created_at, updated_at)
     SELECT h, $2, 'toss.payments', 'lookup-store-' || (n % 7), 'lookup_' || h, 'lookup', 'orders_' || (n % 5), 'lookup-' || h, 'KRW', 1000, 'paid', $3, $4, now(), now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(h, n)`,
    [ids, ctx.client.id, cipher.encryptJson(null), ctx.backend.state.hasher.hash("lookup-password")],
  );
  await ctx.query("ANALYZE payment_histories");
  const target = ids[1_234]!;
  const lookups = [
    { by: "the PG's id", index: "payment_histories_vendor", sql: "SELECT id, status FROM payment_histories WHERE vendor_code = 'toss.payments' AND vendor_uid = $1 LIMIT 1", value: `lookup_${target}` },
    { by: "our order id", index: "payment_histories_source", sql: "SELECT id, status FROM payment_histories WHERE vendor_code = 'toss.payments' AND source_id = $1", value: `lookup-${target}` },
  ];
  for (const lookup of lookups) {
    const [explained] = await ctx.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${lookup.sql}`, [lookup.value]);
    const raw = explained!["QUERY PLAN"];
    const root = ((typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: Record<string, unknown> }[])[0]!.Plan;
    const plan = JSON.stringify(root);
    assert(plan.includes(`"${lookup.index}"`), `by ${lookup.by}: looked up through ${lookup.index}: ${plan}`);
    assert(Number(root["Actual Rows"]) === 1, `by ${lookup.by}: found`);
    assert(pages(root) <= 6, `by ${lookup.by}: one index descent and the row, ${pages(root)} pages read (a walk over 3,000+ entries reads dozens)`);
  }
}
