import crypto from "node:crypto";

import { assert } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/** Buffers (pages) a plan node and its children touched, from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON). */
const pages = (node: Record<string, unknown>): number =>
  Number(node["Shared Hit Blocks"] ?? 0) + Number(node["Shared Read Blocks"] ?? 0);

/**
 * A PG's webhook names its payment by the PG's id, not by our store: with 3,000 more payments
 * of the same PG on the books (several stores), finding one by that id (the statement the
 * inbound webhooks and their sweep run) still reads a handful of pages, one index descent,
 * instead of walking every payment of that PG. Pages counted by the database, not timed.
 */
export async function test_webhooks_find_their_payment_by_pg_id_in_one_index_lookup(ctx: TestContext): Promise<void> {
  const cipher = ctx.backend.state.ciphers.payment;
  const ids = Array.from({ length: 3_000 }, () => crypto.randomUUID());
  await ctx.query(
    `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
                                    currency, price, status, data_enc, password_hash, created_at, updated_at)
     SELECT h, $2, 'toss.payments', 'lookup-store-' || (n % 7), 'lookup_' || h, 'lookup', 'orders', h::text, 'KRW', 1000, 'paid', $3, $4, now(), now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(h, n)`,
    [ids, ctx.client.id, cipher.encryptJson(null), ctx.backend.state.hasher.hash("lookup-password")],
  );
  await ctx.query("ANALYZE payment_histories");
  const target = ids[1_234]!;
  const [explained] = await ctx.query<{ "QUERY PLAN": unknown }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
     SELECT id, status FROM payment_histories WHERE vendor_code = 'toss.payments' AND vendor_uid = $1 LIMIT 1`,
    [`lookup_${target}`],
  );
  const raw = explained!["QUERY PLAN"];
  const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: Record<string, unknown> }[];
  const root = plan[0]!.Plan;
  const scan = JSON.stringify(root);
  assert(scan.includes('"payment_histories_vendor"'), `looked up through the PG-id index: ${scan}`);
  assert(Number(root["Actual Rows"]) === 1, "found");
  assert(pages(root) <= 6, `one index descent and the row: ${pages(root)} pages read (walking the PG's 3,000+ entries reads dozens)`);
}
