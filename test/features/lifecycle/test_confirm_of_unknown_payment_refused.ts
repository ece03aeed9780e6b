import api from "../../../src/api";
import { equal, expectError, orderId, password, rowsOfSource } from "../../internal/pgs";
import { storeOf } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/** A forged or mistyped paymentKey / imp_uid / paymentId is refused with a typed 422 and nothing is stored. */
export async function test_confirm_of_unknown_payment_refused(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const source = { schema: "shop", table: "orders", id: orderId() };
    await expectError(422, "PG_PAYMENT_NOT_FOUND", () =>
      api.functional.payments.histories.create(ctx.connection, {
        vendor: { code: vendor, store_id: storeOf(ctx, vendor), uid: `unknown-${orderId()}` },
        source,
        price: 10_000,
        password: password(),
      }),
    );
    equal(await rowsOfSource(ctx, "payment_histories", source.id), 0, `${vendor}: nothing stored`);
  }
}
