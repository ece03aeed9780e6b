import { FakeIamport } from "../fakes/iamport/FakeIamport";
import { FakePortOne } from "../fakes/portone/FakePortOne";
import { FakeToss } from "../fakes/toss/FakeToss";
import { ConfigurationError, PaymentConfiguration } from "../PaymentConfiguration";
import { PaymentBackend } from "../PaymentBackend";

/**
 * `npm start`: payments-server on the embedded database (unless DATABASE_URL is set) with
 * the fake Toss, Iamport and PortOne V2 servers in-process, so that everything works with no PG contract.
 */
const main = async (): Promise<void> => {
  const config = PaymentConfiguration.load();
  const fakes: { open(): Promise<void>; close(): Promise<void> }[] = [];
  if (config.sandbox) {
    // The fakes send their webhooks to this server, as the real PGs' consoles would be set.
    const self = `http://127.0.0.1:${config.port}`;
    const toss = new FakeToss({ port: config.fake_toss_port, webhookUrl: `${self}/payments/webhooks/toss` });
    const iamport = new FakeIamport({ port: config.fake_iamport_port, webhookUrl: `${self}/payments/webhooks/iamport` });
    const portone = new FakePortOne({ port: config.fake_portone_port, webhookUrl: `${self}/payments/webhooks/portone` });
    await toss.open();
    await iamport.open();
    await portone.open();
    fakes.push(toss, iamport, portone);
  }
  const backend = new PaymentBackend();
  await backend.open();
  backend.logger.info(
    { event: "server.listening", host: backend.host, database: backend.state.database.kind, fakes: fakes.map((f) => (f as { host?: string }).host ?? null) },
    `payments-server listening on ${backend.host} (database: ${backend.state.database.kind}${config.database_url === null ? ` in ${config.pglite_dir}` : ""}); fake Toss, Iamport and PortOne V2 on ports ${config.fake_toss_port}, ${config.fake_iamport_port}, ${config.fake_portone_port}`,
  );
  const stop = async (signal: string) => {
    backend.logger.info({ event: "server.stopping", signal }, `${signal}: closing`);
    await backend.close();
    for (const fake of fakes) await fake.close();
    await new Promise<void>((resolve) => backend.logger.flush(() => resolve()));
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
};

main().catch((exp) => {
  console.error(exp instanceof ConfigurationError ? exp.message : exp);
  process.exit(1);
});
