import { FakeToss } from "../fakes/toss/FakeToss";

/**
 * Runs the fake Toss Payments server alone (`npm run fake:toss`).
 *
 * - FAKE_TOSS_PORT (default 37002)
 * - FAKE_TOSS_WEBHOOK_URL: where PAYMENT_STATUS_CHANGED / DEPOSIT_CALLBACK go (none if unset)
 *
 * Its only merchant is the SANDBOX one: secret key `test_sk_sandbox_payments_server`.
 */
const main = async (): Promise<void> => {
  const port: number = Number(process.env.FAKE_TOSS_PORT ?? 37002);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid FAKE_TOSS_PORT: ${process.env.FAKE_TOSS_PORT}`);
  const fake = new FakeToss({ port, webhookUrl: process.env.FAKE_TOSS_WEBHOOK_URL || null });
  await fake.open();
  console.log(`fake Toss Payments listening on ${fake.host} (sandbox secret key ${FakeToss.SANDBOX_SECRET_KEY})`);
  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
};
main().catch((exp) => {
  console.error(exp);
  process.exit(1);
});
