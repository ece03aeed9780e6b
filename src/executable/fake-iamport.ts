import { FakeIamport } from "../fakes/iamport/FakeIamport";

/**
 * Standalone fake Iamport: `npm run fake:iamport`.
 *
 * Env: FAKE_IAMPORT_PORT (default 37003), FAKE_IAMPORT_HOSTNAME (default 127.0.0.1),
 * FAKE_IAMPORT_WEBHOOK_URL (default notice URL). Credentials are the SANDBOX pair
 * (FakeIamport.SANDBOX_KEY) unless FAKE_IAMPORT_IMP_KEY / FAKE_IAMPORT_IMP_SECRET are set.
 */
const main = async (): Promise<void> => {
  const port: number = Number(process.env.FAKE_IAMPORT_PORT ?? 37003);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`FAKE_IAMPORT_PORT must be a port number, got "${process.env.FAKE_IAMPORT_PORT}"`);
  const key = process.env.FAKE_IAMPORT_IMP_KEY;
  const secret = process.env.FAKE_IAMPORT_IMP_SECRET;
  const fake = new FakeIamport({
    port,
    hostname: process.env.FAKE_IAMPORT_HOSTNAME,
    webhookUrl: process.env.FAKE_IAMPORT_WEBHOOK_URL || null,
    keys: key && secret ? [{ imp_key: key, imp_secret: secret }] : undefined,
  });
  await fake.open();
  console.log(`fake iamport listening on ${fake.host} (sandbox credentials: ${key ? "from env" : FakeIamport.SANDBOX_KEY.imp_key})`);
  const stop = async (): Promise<void> => {
    await fake.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
};
main().catch((exp) => {
  console.error(exp);
  process.exit(1);
});
