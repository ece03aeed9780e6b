import api from "../../../src/api";
import { assert, equal, orderId, password, portoneCardPaid, tossCardPaid } from "../../internal/pgs";
import { metricsOf } from "../../internal/operator";
import { TestContext } from "../../TestContext";

/** The statements counted for one route's answers so far: `[sum, count]` of the per-request histogram. */
const statements = async (ctx: TestContext, route: string, method: string, status: string): Promise<[number, number]> => {
  const text = await metricsOf(ctx);
  const value = (suffix: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`payments_http_request_sql_statements_${suffix}{`) && l.includes(`route="${route}"`) && l.includes(`method="${method}"`) && l.includes(`status="${status}"`));
    return line === undefined ? 0 : Number(line.split(" ").at(-1));
  };
  return [value("sum"), value("count")];
};

/**
 * A shop registers card payments (Toss: confirmed here; PortOne V2: read) and reads one
 * back: a registration costs at most 4 SQL round trips on its happy path (2 today) (counted per request
 * by the server itself, BEGIN and COMMIT included), writes no TOAST row and appends its
 * rows under time-ordered ids; a read of it 1.
 * Counts, not timings:
 * the same on every machine.
 */
export async function test_registration_issues_at_most_four_sql_statements(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "portone"] as const) {
    const id = orderId();
    const uid = vendor === "toss.payments" ? (await tossCardPaid(ctx, id, 15_000)).paymentKey : (await portoneCardPaid(ctx, id, 15_000)).id;
    const secret = password();
    const [sum, count] = await statements(ctx, "/payments/histories", "POST", "201");
    const history = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: vendor, store_id: vendor === "toss.payments" ? ctx.toss.storeId : ctx.portone.storeId, uid },
      source: { schema: "shop", table: "orders", id },
      price: 15_000,
      password: secret,
      webhook_url: "https://shop.example.com/hooks",
    });
    equal(history.status, "paid", `${vendor}: registered`);
    const [sum2, count2] = await statements(ctx, "/payments/histories", "POST", "201");
    equal(count2 - count, 1, `${vendor}: one registration counted`);
    const used = sum2 - sum;
    assert(used <= 4, `${vendor}: a registration used ${used} SQL statements (at most 4)`);
    // Without a prepared order: the pending row (its source checked for one in the same
    // statement), then the settled row with its event.
    equal(used, 2, `${vendor}: a registration without a prepared order is two statements`);
    // Its ciphertexts stay in their rows (a varlena stored inline is 4 bytes longer than its
    // text; one moved to a TOAST table is not): no TOAST insert on the hot path.
    const inline = await ctx.query<{ history: boolean; event: boolean }>(
      `SELECT pg_column_size(h.data_enc) = octet_length(h.data_enc) + 4 AS history, pg_column_size(e.payload_enc) = octet_length(e.payload_enc) + 4 AS event
         FROM payment_histories h JOIN webhook_events e ON e.history_id = h.id WHERE h.id = $1`,
      [history.id],
    );
    equal(inline, [{ history: true, event: true }], `${vendor}: the PG data and the event payload are stored inline`);
    // Time-ordered ids (UUIDv7): appended to the indexes, not scattered over them.
    const [event] = await ctx.query<{ id: string }>("SELECT id FROM webhook_events WHERE history_id = $1", [history.id]);
    equal([history.id[14], event?.id[14]], ["7", "7"], `${vendor}: the history's and its event's ids are UUIDv7`);

    const [rs, rc] = await statements(ctx, "/payments/histories/:id", "PATCH", "200");
    equal(await api.functional.payments.histories.at(ctx.connection, history.id, { password: secret }), history, `${vendor}: read back`);
    const [rs2, rc2] = await statements(ctx, "/payments/histories/:id", "PATCH", "200");
    equal([rc2 - rc, rs2 - rs], [1, 1], `${vendor}: a read of a payment without cancels is one statement`);
  }
}
