import crypto from "node:crypto";

import api from "../../../src/api";
import { equal, expectError, iamportOf, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { metricsOf } from "../../internal/operator";

/**
 * A wrong password is refused with exactly the answer an unknown record gets, so that no
 * caller can probe which records exist; repeated failures lock the target with 429.
 */
export async function test_wrong_password_refused_like_unknown_record(ctx: TestContext): Promise<void> {
  const id = orderId();
  const payment = await iamportOf(ctx).onetime(ctx.iamport.storeId, {
    card_number: "1234-1234-1234-1234",
    expiry: "2028-12",
    birth: "880311",
    merchant_uid: id,
    amount: 5_000,
  });
  const source = { schema: "shop", table: "orders", id };
  const secret = password();
  const history = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: payment.imp_uid },
    source,
    price: 5_000,
    password: secret,
  });

  const wrong = await expectError(404, "NOT_FOUND", () => api.functional.payments.histories.at(ctx.connection, history.id, { password: "not-the-password" }));
  const unknown = await expectError(404, "NOT_FOUND", () =>
    api.functional.payments.histories.at(ctx.connection, crypto.randomUUID(), { password: "not-the-password" }),
  );
  equal(wrong, unknown, "wrong password and unknown id give the same message");
  const wrongBySource = await expectError(404, "NOT_FOUND", () =>
    api.functional.payments.histories.get(ctx.connection, { source, password: "not-the-password" }),
  );
  const unknownBySource = await expectError(404, "NOT_FOUND", () =>
    api.functional.payments.histories.get(ctx.connection, { source: { ...source, id: orderId() }, password: "not-the-password" }),
  );
  equal(wrongBySource, unknownBySource, "by source too");

  // Same work, so no timing tells them apart: the same SQL statements for a wrong password on
  // a record and for a record that does not exist (per request, from the server's metrics).
  const cost = async (task: () => Promise<unknown>, route: string) => {
    const before = await statementsOf(ctx, route);
    await expectError(404, "NOT_FOUND", task);
    const after = await statementsOf(ctx, route);
    equal(after.count - before.count, 1, `one request observed on ${route}`);
    return after.sum - before.sum;
  };
  const byIdWrong = await cost(() => api.functional.payments.histories.at(ctx.connection, history.id, { password: "not-the-password-2" }), "/payments/histories/:id");
  const byIdMissing = await cost(() => api.functional.payments.histories.at(ctx.connection, crypto.randomUUID(), { password: "not-the-password-2" }), "/payments/histories/:id");
  equal(byIdMissing, byIdWrong, `statements of a missing record (${byIdMissing}) = of a wrong password (${byIdWrong}), by id`);
  const bySourceWrong = await cost(() => api.functional.payments.histories.get(ctx.connection, { source, password: "not-the-password-2" }), "/payments/histories/get");
  const bySourceMissing = await cost(() => api.functional.payments.histories.get(ctx.connection, { source: { ...source, id: orderId() }, password: "not-the-password-2" }), "/payments/histories/get");
  equal(bySourceMissing, bySourceWrong, `statements of a missing record (${bySourceMissing}) = of a wrong password (${bySourceWrong}), by source`);

  // The limit (10 per window) counts the target whether or not it exists: 429 for both.
  // (Two wrong passwords were tried on this id above.)
  for (let i = 0; i < ctx.config.password_max_failures - 2; ++i)
    await expectError(404, "NOT_FOUND", () => api.functional.payments.histories.at(ctx.connection, history.id, { password: "guess" + i }));
  await expectError(429, "TOO_MANY_ATTEMPTS", () => api.functional.payments.histories.at(ctx.connection, history.id, { password: secret }));
  const ghost = crypto.randomUUID();
  for (let i = 0; i < ctx.config.password_max_failures; ++i)
    await expectError(404, "NOT_FOUND", () => api.functional.payments.histories.at(ctx.connection, ghost, { password: "guess" + i }));
  await expectError(429, "TOO_MANY_ATTEMPTS", () => api.functional.payments.histories.at(ctx.connection, ghost, { password: "x" }));

  // The source stays readable by source with the right password (a different target).
  equal((await api.functional.payments.histories.get(ctx.connection, { source, password: secret })).id, history.id, "read by source");
}

/** The server's count of SQL statements spent on 404 answers of one route (its metrics). */
const statementsOf = async (ctx: TestContext, route: string): Promise<{ sum: number; count: number }> => {
  const text = await metricsOf(ctx);
  const value = (kind: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`payments_http_request_sql_statements_${kind}{`) && l.includes(`route="${route}"`) && l.includes('method="PATCH"') && l.includes('status="404"'));
    return line === undefined ? 0 : Number(line.split(" ").at(-1));
  };
  return { sum: value("sum"), count: value("count") };
};
