import api from "../../../src/api";
import { equal, expectError, orderId, password, tossCardPaid } from "../../internal/pgs";
import { IRawAnswer, Raw } from "../../internal/raw";
import { TestContext } from "../../TestContext";

/**
 * Inputs found by fuzzing the running sandbox that used to reach a 500 or block a source:
 * a NUL in any string, JSON nested thousands deep, prices past 2^53, a non-ASCII PG id,
 * oversized or NUL-carrying PG webhooks, private addresses hidden in IPv6 forms. Each is
 * refused with a typed 4xx before any work, and nothing is written.
 */
export async function test_hostile_inputs_refused_before_any_work(ctx: TestContext): Promise<void> {
  const source = { schema: "shop", table: "orders", id: orderId() };
  // Counted for this scenario's sources only: the workers may complete another scenario's order meanwhile.
  const ids: string[] = [source.id];
  const before = await counts(ctx, ids);
  const register = { vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: "tviva_any" }, source, price: 1_000, password: password() };
  const prepare = { vendor: { code: "toss.payments", store_id: ctx.toss.storeId }, source, price: 1_000, order_name: "Mug", password: password() };
  const refused = async (what: string, answer: Promise<IRawAnswer>, status: number, code: string, names?: string) => {
    const a = await answer;
    equal([a.status, a.code], [status, code], what);
    equal(Raw.isTypedError(a), true, `${what}: a {code, message} body`);
    if (names !== undefined && !String(a.message).includes(names)) throw new Error(`${what}: the message should name ${names}: ${a.message}`);
  };

  // A NUL in any string that would reach PostgreSQL.
  const nul = "a\u0000b";
  await refused("NUL in a registration", Raw.encrypted(ctx, "POST", "/payments/histories", { ...register, source: { ...source, schema: nul } }), 400, "INVALID_BODY", "NUL");
  await refused("NUL in a prepare", Raw.encrypted(ctx, "POST", "/payments/histories/prepare", { ...prepare, order_name: nul }), 400, "INVALID_BODY", "body.order_name");
  await refused("NUL in a read by source", Raw.encrypted(ctx, "PATCH", "/payments/histories/get", { source: { ...source, table: nul }, password: "whatever" }), 400, "INVALID_BODY");
  await refused("NUL in a cancel", Raw.encrypted(ctx, "PUT", "/payments/histories/cancel", { source, password: "whatever", reason: nul }), 400, "INVALID_BODY");
  await refused(
    "NUL in a reservation",
    Raw.encrypted(ctx, "POST", "/payments/reservations", { vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: "cu_1" }, source, title: nul, password: password() }),
    400,
    "INVALID_BODY",
  );
  await refused("NUL in a reservation read", Raw.encrypted(ctx, "PATCH", "/payments/reservations/get", { ...source, schema: nul, password: "whatever" }), 400, "INVALID_BODY");
  await refused(
    "NUL in a Toss webhook",
    Raw.send(ctx, { method: "POST", path: "/payments/webhooks/toss", contentType: "application/json", body: JSON.stringify({ eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: nul } }) }),
    400,
    "INVALID_BODY",
  );
  await refused(
    "NUL in an Iamport webhook",
    Raw.send(ctx, { method: "POST", path: "/payments/webhooks/iamport", contentType: "application/x-www-form-urlencoded", body: "imp_uid=a%00b&merchant_uid=x&status=paid" }),
    400,
    "INVALID_BODY",
  );

  // JSON nested 5,000 deep (9 KB), with an Idempotency-Key: refused, not hashed.
  const deep = "[".repeat(5_000) + "]".repeat(5_000);
  const nested = Raw.encrypt(ctx, `{"vendor":${JSON.stringify(register.vendor)},"source":${JSON.stringify(source)},"price":1000,"password":"${register.password}","extra":${deep}}`);
  await refused("deep JSON", Raw.send(ctx, { method: "POST", path: "/payments/histories", body: nested, headers: { "Idempotency-Key": `deep-${source.id}` } }), 400, "INVALID_BODY", "body.extra");
  const deepPrice = Raw.encrypt(ctx, `{"vendor":${JSON.stringify(register.vendor)},"source":${JSON.stringify(source)},"price":${deep},"password":"${register.password}"}`);
  await refused("deep JSON in a known field", Raw.send(ctx, { method: "POST", path: "/payments/histories", body: deepPrice, headers: { "Idempotency-Key": `deep2-${source.id}` } }), 400, "INVALID_BODY", "body.price");

  // Money is exact or refused: nothing past 2^53 - 1.
  for (const price of ["9223372036854775808", "18446744073709551615", "9007199254740992"])
    await refused(`price ${price}`, Raw.send(ctx, { method: "POST", path: "/payments/histories/prepare", body: Raw.encrypt(ctx, JSON.stringify(prepare).replace('"price":1000', `"price":${price}`)) }), 400, "INVALID_BODY", "body.price");
  const largest = await api.functional.payments.histories.prepare(ctx.connection, { ...prepare, vendor: { code: "toss.payments", store_id: ctx.toss.storeId }, price: Number.MAX_SAFE_INTEGER });
  equal(largest.amount, Number.MAX_SAFE_INTEGER, "2^53 - 1 is kept exactly");

  // A PG id that cannot travel in a URL or header is refused, and does not block the source.
  const keyed = await tossCardPaid(ctx, source.id, 1_000);
  await refused("non-ASCII PG id", Raw.encrypted(ctx, "POST", "/payments/histories", { ...register, vendor: { ...register.vendor, uid: "결제키-한글" } }), 400, "INVALID_BODY", "body.vendor.uid");
  await api.functional.payments.histories.prepare(ctx.connection, { ...prepare, vendor: { code: "toss.payments", store_id: ctx.toss.storeId } });
  const history = await api.functional.payments.histories.create(ctx.connection, { ...register, vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: keyed.paymentKey } });
  equal(history.status, "paid", "the source was not blocked");

  // PG webhooks: at most what a PG sends; nothing stored beyond it.
  const inbound = async () => (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_webhooks"))[0]!.n;
  const inboundBefore = await inbound();
  const big = JSON.stringify({ eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: "tviva_x", filler: "x".repeat(100_000) } });
  await refused("oversized PG webhook", Raw.send(ctx, { method: "POST", path: "/payments/webhooks/toss", contentType: "application/json", body: big }), 413, "PAYLOAD_TOO_LARGE");
  equal(await inbound(), inboundBefore, "nothing stored from refused webhooks");

  // Private addresses in IPv6 clothing (IPv4-compatible, NAT64) are private.
  for (const url of ["http://[::a00:1]/hooks", "http://[64:ff9b::c0a8:101]/hooks", "http://[::ffff:a00:1]/hooks"])
    await expectError(422, "WEBHOOK_URL_REFUSED", () =>
      api.functional.payments.histories.prepare(ctx.connection, { ...prepare, vendor: { code: "toss.payments", store_id: ctx.toss.storeId }, source: { ...source, id: ((id) => (ids.push(id), id))(orderId()) }, webhook_url: url }),
    );

  const after = await counts(ctx, ids);
  equal(after, { ...before, h: before.h + 1 }, "only the genuine registration was written");
}

const counts = async (ctx: TestContext, ids: string[]) =>
  (
    await ctx.query<{ h: number; c: number; r: number }>(
      `SELECT (SELECT count(*)::int FROM payment_histories WHERE source_id = ANY($1::text[])) AS h,
              (SELECT count(*)::int FROM payment_history_cancels c JOIN payment_histories h ON h.id = c.history_id WHERE h.source_id = ANY($1::text[])) AS c,
              (SELECT count(*)::int FROM payment_reservations WHERE source_id = ANY($1::text[])) AS r`,
      [ids],
    )
  )[0]!;
