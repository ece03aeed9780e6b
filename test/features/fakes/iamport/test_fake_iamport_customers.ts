import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Billing keys: issue, read, re-register (replace the card), delete, errors. */
export async function test_fake_iamport_customers(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;
  const customer_uid: string = U.uid("cus");

  await U.pgError(adapter.getCustomer(store, customer_uid), "not_found", "before registration");
  const token: string = await U.token(ctx);
  U.refused(await U.raw(ctx, "GET", `/subscribe/customers/${customer_uid}`, undefined, token), 404, 1, "GET unknown customer envelope");

  const created = await adapter.createCustomer(store, customer_uid, { ...U.CARD, customer_email: "a@b.c" });
  U.equal([created.customer_uid, created.card_number, created.customer_email], [customer_uid, "4092-02**-****-1234", "a@b.c"], "created");
  U.assert(created.inserted > 0 && created.updated === created.inserted, "inserted/updated set");
  U.equal(await adapter.getCustomer(store, customer_uid), created, "read back");

  const replaced = await adapter.createCustomer(store, customer_uid, { ...U.CARD, card_number: "5365-1000-0000-9876" });
  U.equal([replaced.card_number, replaced.inserted], ["5365-10**-****-9876", created.inserted], "re-registration replaces the card");

  await U.pgError(adapter.createCustomer(store, U.uid("cus"), { ...U.CARD, card_number: "4000000000000010" }), "rejected", "invalid card");
  U.refused(await U.raw(ctx, "POST", `/subscribe/customers/${U.uid("cus")}`, { card_number: "4092023012341234" }, token), 400, -1, "missing expiry/birth");

  const deleted = await adapter.deleteCustomer(store, customer_uid);
  U.equal(deleted.customer_uid, customer_uid, "DELETE answers the deleted customer");
  await U.pgError(adapter.getCustomer(store, customer_uid), "not_found", "after delete");
  await U.pgError(adapter.deleteCustomer(store, customer_uid), "not_found", "delete twice");
}
