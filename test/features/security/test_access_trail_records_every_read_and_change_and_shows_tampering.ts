import { execFile } from "node:child_process";
import path from "node:path";

import api from "../../../src/api";
import type { IAccessTrail } from "../../../src/api/structures/IAccessTrail";
import { equal, expectError, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop registers a payment, reads it by id and by source (once with a wrong password),
 * cancels part of it and reads its webhook events; an operator exports the period's trail as
 * CSV: each of those requests is there once, as a read or a change by the shop's client, with
 * its route, record, address and status, and nothing secret. The chain verifies; a changed
 * entry and a removed one are each named by the check (the operator route, and on PostgreSQL
 * `npm run audit:verify`), and the chain holds again once they are put back.
 */
export async function test_access_trail_records_every_read_and_change_and_shows_tampering(ctx: TestContext): Promise<void> {
  const operator = { host: ctx.connection.host, headers: { Authorization: `Bearer ${ctx.config.operator_token}` } };
  const from = new Date(Date.now() - 1_000).toISOString();
  const source = { schema: "shop", table: "orders", id: orderId() };
  const secret = password();
  const paid = await tossCardPaid(ctx, source.id, 30_000);
  const history = await api.functional.payments.histories.create(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paid.paymentKey }, source, price: 30_000, password: secret });
  await api.functional.payments.histories.at(ctx.connection, history.id, { password: secret });
  await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
  await expectError(404, "NOT_FOUND", () => api.functional.payments.histories.at(ctx.connection, history.id, { password: "a-wrong-password" }));
  await api.functional.payments.histories.cancel(ctx.connection, { source, password: secret, price: 5_000, reason: "one returned" });
  await api.functional.payments.histories.webhooks.index(ctx.connection, history.id, { password: secret });

  const until = new Date(Date.now() + 60_000).toISOString();
  const csv = (await api.functional.operator.access_trail.csv(operator, { from, until, record_id: history.id as string })).csv;
  const [header, ...lines] = csv.trimEnd().split("\r\n");
  equal(header, "seq,at,actor_kind,actor_id,action,method,route,record_kind,record_id,address,status,hash", "the CSV header");
  const entries = lines.map((l) => l.split(",")).map((c) => ({ actor: `${c[2]}:${c[3]}`, action: c[4], request: `${c[5]} ${c[6]}`, kind: c[7], record: c[8], status: c[10] }));
  const client = `client:${ctx.client.id}`;
  equal(
    entries.map((e) => [e.actor, e.action, e.request, e.kind, e.record, e.status]),
    [
      [client, "change", "POST /payments/histories", "payment", history.id, "201"],
      [client, "read", "PATCH /payments/histories/:id", "payment", history.id, "200"],
      [client, "read", "PATCH /payments/histories/get", "payment", history.id, "200"],
      [client, "read", "PATCH /payments/histories/:id", "payment", history.id, "404"],
      [client, "change", "PUT /payments/histories/cancel", "payment", history.id, "200"],
      [client, "read", "PATCH /payments/histories/:id/webhooks", "payment", history.id, "200"],
    ],
    "each request once, in order, with who, what and how it ended",
  );
  equal(csv.includes(secret) || csv.includes(paid.paymentKey), false, "nothing secret in the trail");
  const everything = (await api.functional.operator.access_trail.csv(operator, { from, until })).csv;
  equal(everything.includes("operator,operator,read,PATCH,/operator/access-trail/csv,operator"), true, "the operator's own export is in the trail");

  // The chain holds; a changed entry and a removed one are named.
  const verify = () => api.functional.operator.access_trail.verify(operator);
  equal((await verify()).ok, true, "the chain holds");
  const [row] = await ctx.query<{ seq: number | string; status: number }>("SELECT seq, status FROM access_trail WHERE record_id = $1 AND status = 404", [history.id]);
  const seq = Number(row!.seq);
  await ctx.query("UPDATE access_trail SET status = 200 WHERE seq = $1", [seq]);
  const changed: IAccessTrail.IVerification = await verify();
  equal([changed.ok, changed.broken?.seq, changed.broken?.reason.includes("changed")], [false, seq, true], "a changed entry is named");
  await script(ctx, 1, `entry ${seq} is broken`);
  await ctx.query("UPDATE access_trail SET status = 404 WHERE seq = $1", [seq]);
  const [saved] = await ctx.query<Record<string, unknown>>("SELECT * FROM access_trail WHERE seq = $1", [seq]);
  await ctx.query("DELETE FROM access_trail WHERE seq = $1", [seq]);
  const removed = await verify();
  equal([removed.ok, removed.broken !== null && removed.broken.seq > seq, removed.broken?.reason.includes("removed")], [false, true, true], "a removed entry is noticed at the next");
  const columns = Object.keys(saved!);
  await ctx.query(`INSERT INTO access_trail (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`, columns.map((c) => saved![c]));
  equal((await verify()).ok, true, "whole again once put back");
  await script(ctx, 0, "the chain holds");
}

/** `npm run audit:verify` against the test's PostgreSQL (PGlite has one owner: the server). */
const script = async (ctx: TestContext, code: number, says: string): Promise<void> => {
  if (ctx.databaseUrl === null) return;
  const answer = await new Promise<{ code: number; out: string }>((resolve) =>
    execFile(process.execPath, [path.join(__dirname, "../../../src/executable/audit-verify.js")], { env: { ...process.env, DATABASE_URL: ctx.databaseUrl! } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), out: `${stdout}${stderr}` }),
    ),
  );
  equal([answer.code, answer.out.includes(says)], [code, true], `audit:verify exits ${code} saying "${says}": ${answer.out}`);
};
