import { FakePortOne } from "../fakes/portone/FakePortOne";

/**
 * Runs the fake PortOne V2 server alone (`npm run fake:portone`).
 *
 * - FAKE_PORTONE_PORT (default 37004)
 * - FAKE_PORTONE_WEBHOOK_URL: where its signed webhooks go (none if unset)
 *
 * Its only store is the SANDBOX one (FakePortOne.SANDBOX).
 */
const main = async (): Promise<void> => {
  const port: number = Number(process.env.FAKE_PORTONE_PORT ?? 37004);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid FAKE_PORTONE_PORT: ${process.env.FAKE_PORTONE_PORT}`);
  const fake = new FakePortOne({ port, webhookUrl: process.env.FAKE_PORTONE_WEBHOOK_URL || null });
  await fake.open();
  console.log(`fake PortOne V2 listening on ${fake.host} (sandbox store ${FakePortOne.SANDBOX.storeId}, API secret ${FakePortOne.SANDBOX.apiSecret})`);
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
