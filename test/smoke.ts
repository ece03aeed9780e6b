import { HttpError } from "@nestia/fetcher";

import api from "../src/api";
import { SANDBOX } from "../src/PaymentConfiguration";
import { TossAdapter } from "../src/pg/toss/TossAdapter";
import { CLIENT_HEADER } from "../src/providers/security/ClientKeyring";

/**
 * Smoke test of a running sandbox (`npm start`): pay by key-in at the fake Toss, record it
 * through the encrypted API with the SDK, read it back. Usage: node lib/test/smoke.js URL
 */
const main = async (): Promise<void> => {
  const host = process.argv[2] ?? "http://127.0.0.1:37001";
  const toss = new TossAdapter({
    host: `http://127.0.0.1:${process.env.FAKE_TOSS_PORT ?? 37002}`,
    stores: { [SANDBOX.toss.store_id]: { secretKey: SANDBOX.toss.secret_key } },
    timeoutMs: 5_000,
  });
  const orderId = `smoke-${Date.now()}`;
  const payment = await toss.keyIn(SANDBOX.toss.store_id, {
    amount: 1_000,
    orderId,
    orderName: "smoke",
    cardNumber: "4330123412341234",
    cardExpirationYear: "28",
    cardExpirationMonth: "12",
    customerIdentityNumber: "880311",
  });
  const connection = { host, encryption: { key: SANDBOX.client.key, iv: SANDBOX.client.iv }, headers: { [CLIENT_HEADER]: SANDBOX.client.id } };
  const history = await api.functional.payments.histories.create(connection, {
    vendor: { code: "toss.payments", store_id: SANDBOX.toss.store_id, uid: payment.paymentKey },
    source: { schema: "smoke", table: "orders", id: orderId },
    price: 1_000,
    password: "smoke-test-password",
  });
  const read = await api.functional.payments.histories.at(connection, history.id, { password: "smoke-test-password" });
  if (read.status !== "paid" || read.price !== 1_000) throw new Error(`unexpected history ${JSON.stringify(read)}`);
  console.log(`smoke: recorded and read ${history.id} (${read.vendor_code}, ${read.price} ${read.currency})`);
};
main().catch((exp) => {
  console.error(exp instanceof HttpError ? `${exp.status} ${exp.message}` : exp);
  process.exit(1);
});
