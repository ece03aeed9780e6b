import path from "node:path";

import { FakeIamport } from "../fakes/iamport/FakeIamport";
import { FakePortOne } from "../fakes/portone/FakePortOne";
import { FakeToss } from "../fakes/toss/FakeToss";
import { ConfigurationError, type IPaymentConfiguration, PaymentConfiguration, SANDBOX } from "../PaymentConfiguration";
import { PaymentBackend } from "../PaymentBackend";
import { CLIENT_HEADER } from "../providers/security/ClientKeyring";
import { DemoShop } from "../sandbox/DemoShop";
import { SandboxLog } from "../sandbox/SandboxLog";
import { Clock } from "../utils/Clock";

/**
 * `npm start`: payments-server on the embedded database (unless DATABASE_URL is set) with
 * the fake Toss, Iamport and PortOne V2 servers in-process, so that everything works with no PG contract.
 */
const main = async (): Promise<void> => {
  const config = PaymentConfiguration.load();
  const fakes: { host: string; close(): Promise<void> }[] = [];
  let shop: DemoShop | null = null;
  // What schedules fall due by, the fakes' time too: movable in the sandbox (PUT /operator/sandbox/clock).
  const clock = new Clock();
  const now = (): Date => clock.now();
  if (config.sandbox) {
    // The fakes send their webhooks to this server, as the real PGs' consoles would be set.
    const self = `http://127.0.0.1:${config.port}`;
    // npm start caps the JS heap (--max-old-space-size, package.json) so that the sandbox stays
    // small on a developer's machine: the fakes keep their latest 20,000 records of a kind.
    const kept = 20_000;
    const toss = new FakeToss({ port: config.fake_toss_port, now, webhookUrl: `${self}/payments/webhooks/toss`, maxRecords: kept });
    const iamport = new FakeIamport({ port: config.fake_iamport_port, now, webhookUrl: `${self}/payments/webhooks/iamport`, storage: { capacity: kept } });
    const portone = new FakePortOne({ port: config.fake_portone_port, now, webhookUrl: `${self}/payments/webhooks/portone`, maxRecords: kept });
    await bound("the fake Toss", "FAKE_TOSS_PORT", config.fake_toss_port, () => toss.open());
    await bound("the fake Iamport", "FAKE_IAMPORT_PORT", config.fake_iamport_port, () => iamport.open());
    await bound("the fake PortOne V2", "FAKE_PORTONE_PORT", config.fake_portone_port, () => portone.open());
    fakes.push(toss, iamport, portone);
  }
  // In the sandbox the terminal shows the lifecycle and the banner; every line goes to a file.
  const log = config.sandbox ? new SandboxLog(path.join(path.dirname(path.resolve(config.pglite_dir)), "sandbox.log")) : null;
  const backend = new PaymentBackend({}, log !== null ? { logStream: log, clock } : { clock });
  await bound("payments-server", "PORT", config.port, () => backend.open());
  if (config.sandbox) {
    // The browser checkout: a merchant of this server, as the sandbox client.
    const client = config.clients.find((c) => c.id === config.default_client) ?? config.clients[0]!;
    shop = new DemoShop({
      port: config.sandbox_shop_port,
      connection: { host: backend.host, encryption: { key: client.key, iv: client.iv }, headers: { [CLIENT_HEADER]: client.id } },
      webhookSecrets: [...(client.webhook_secrets ?? [])],
      toss: { host: `http://127.0.0.1:${config.fake_toss_port}`, clientKey: SANDBOX.toss.client_key, storeId: SANDBOX.toss.store_id },
      iamport: { host: `http://127.0.0.1:${config.fake_iamport_port}`, impCode: FakeIamport.SANDBOX_IMP_CODE, storeId: SANDBOX.iamport.store_id },
      portone: { host: `http://127.0.0.1:${config.fake_portone_port}`, storeId: SANDBOX.portone.id },
    });
    await bound("the demo shop", "SANDBOX_SHOP_PORT", config.sandbox_shop_port, () => shop!.open());
  }
  backend.logger.info(
    { event: "server.listening", host: backend.host, database: backend.state.database.kind, fakes: fakes.map((f) => f.host), shop: shop?.host ?? null },
    `payments-server listening on ${backend.host} (database: ${backend.state.database.kind}${config.database_url === null ? ` in ${config.pglite_dir}` : ""}); fake Toss, Iamport and PortOne V2 on ports ${config.fake_toss_port}, ${config.fake_iamport_port}, ${config.fake_portone_port}`,
  );
  if (config.sandbox) console.log(banner(config, backend.host, log?.path ?? null));
  const stop = async (signal: string) => {
    backend.logger.info({ event: "server.stopping", signal }, `${signal}: closing`);
    await shop?.close(); // the caller first, then the server it calls
    await backend.close();
    for (const fake of fakes) await fake.close();
    await new Promise<void>((resolve) => backend.logger.flush(() => resolve()));
    await log?.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
};

/** A port another program holds: said as which of ours wanted it and which variable moves it. */
class PortTaken extends Error {}
const bound = async (what: string, variable: string, port: number, open: () => Promise<void>): Promise<void> => {
  try {
    await open();
  } catch (exp) {
    if ((exp as { code?: unknown })?.code !== "EADDRINUSE") throw exp;
    throw new PortTaken(`Port ${port} is already taken (another npm start, or another program): ${what} cannot listen on it. Stop that program, or move ${what} with ${variable}=<free port> (in .env or the environment).`);
  }
};

/** What a developer needs to start: where everything is, the sandbox keys, one payment to make. */
const banner = (config: IPaymentConfiguration, host: string, logFile: string | null): string => {
  const client = config.clients.find((c) => c.id === config.default_client) ?? config.clients[0]!;
  const fake = (port: number) => `http://127.0.0.1:${port}`;
  // Only the committed sandbox values are printed, never a key set in the environment.
  const shown = (value: string | undefined, sandbox: string) => (value === sandbox ? value : "(set in the environment, not shown)");
  return [
    "",
    "  payments-server sandbox: SANDBOX KEYS, PUBLIC, FOR THIS MACHINE ONLY",
    `  server            ${host}   (readiness: ${host}/monitors/ready)`,
    `  API documentation ${host}/docs   (OpenAPI 3.1: ${host}/docs/openapi.json)`,
    `  fake Toss         ${fake(config.fake_toss_port)}   store "${SANDBOX.toss.store_id}", secret key ${SANDBOX.toss.secret_key}, client key ${SANDBOX.toss.client_key}`,
    `  fake Iamport      ${fake(config.fake_iamport_port)}   store "${SANDBOX.iamport.store_id}", imp_key ${SANDBOX.iamport.imp_key}, IMP.init("${FakeIamport.SANDBOX_IMP_CODE}")`,
    `  fake PortOne V2   ${fake(config.fake_portone_port)}   store "${SANDBOX.portone.id}" (${SANDBOX.portone.store_id}), API secret ${SANDBOX.portone.api_secret}`,
    `  SDK connection    { host: "${host}", encryption: { key: "${shown(client.key, SANDBOX.client.key)}", iv: "${shown(client.iv, SANDBOX.client.iv)}" }, headers: { "x-payments-client": "${client.id}" } }`,
    `  webhook secret    ${shown((client.webhook_secrets ?? [])[0], SANDBOX.client.webhook_secrets[0])}   (verify deliveries with WebhookReceiver.accept)`,
    `  operator token    ${shown(config.operator_token, SANDBOX.operator_token)}   (GET ${host}/metrics, /monitors/performance; PUT /operator/sandbox/clock moves the schedules' and fakes' clock)`,
    ...(config.console.enabled ? [`  operator console  ${host}/console   (sign in with the operator token, or viewer / ${config.console.operators.viewer?.token ?? "…"})`] : []),
    `  sandbox checkout  ${fake(config.sandbox_shop_port)}   (demo shop: pay in the fake Toss or Iamport window, cancel, watch the webhooks)`,
    `  fake consoles     ${fake(config.fake_toss_port)}/console   ${fake(config.fake_iamport_port)}/console   (the fakes' payments and webhooks; deposit, resend)`,
    `  payouts console   ${fake(config.fake_toss_port)}/console/payouts   (Toss sellers and payouts: approve a seller, complete or fail a payout)`,
    ...(logFile !== null ? [`  log file          ${logFile}   (every line as JSON; the terminal shows the lifecycle)`] : []),
    `  make a payment    FAKE_TOSS_PORT=${config.fake_toss_port} npm run pay -- ${host}`,
    "",
  ].join("\n");
};

main().catch((exp) => {
  console.error(exp instanceof ConfigurationError || exp instanceof PortTaken ? exp.message : exp);
  process.exit(1);
});
