import pino from "pino";

import api from "../../../src/api";
import { PaymentBackend } from "../../../src/PaymentBackend";
import { assert, equal, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * An operator runs an instance as production does, without SQL_STATEMENT_METRICS: it
 * registers and reads payments like any other, its /metrics still times every request, and
 * none of its requests is counted in `payments_http_request_sql_statements` (which the
 * sandbox's instance, with the switch on, does count). A second instance: PostgreSQL only.
 */
export async function test_operator_runs_an_instance_without_sql_statement_counts(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a second instance needs PostgreSQL (PGlite is one process, one owner)");
  // Its log joins the run's, which the last scenario searches for secrets.
  const second = new PaymentBackend(
    { ...ctx.config, port: ctx.config.port + 13, workers: false, sql_statement_metrics: false },
    { logStream: pino.destination({ dest: ctx.logFile, append: true, sync: true }) },
  );
  await second.open();
  try {
    const connection = { ...ctx.connection, host: second.host };
    const id = orderId();
    const paid = await tossCardPaid(ctx, id, 12_000);
    const secret = password();
    const history = await api.functional.payments.histories.create(connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paid.paymentKey },
      source: { schema: "shop", table: "orders", id },
      price: 12_000,
      password: secret,
    });
    equal(history.status, "paid", "registered through the instance");
    equal(await api.functional.payments.histories.at(connection, history.id, { password: secret }), history, "read back through it");

    const scrape = async (host: string) => {
      const res = await fetch(`${host}/metrics`, { headers: { authorization: `Bearer ${ctx.config.operator_token}` } });
      equal(res.status, 200, "/metrics answers the operator");
      return (await res.text()).split("\n");
    };
    const lines = await scrape(second.host);
    const timed = lines.find((l) => l.startsWith("payments_http_request_duration_seconds_count{") && l.includes('route="/payments/histories/:id"') && l.includes('method="PATCH"'));
    assert(timed !== undefined && Number(timed.split(" ").at(-1)) >= 1, "the read is timed");
    equal(lines.filter((l) => l.startsWith("payments_http_request_sql_statements_count{")), [], "no request counted in SQL statements");
    const first = await scrape(ctx.host);
    assert(first.some((l) => l.startsWith("payments_http_request_sql_statements_count{")), "the sandbox's instance does count them");
  } finally {
    await second.close();
  }
}
