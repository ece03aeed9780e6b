import { ConfigurationError } from "../PaymentConfiguration";
import { PaymentBackend } from "../PaymentBackend";

/**
 * Production entry point: payments-server alone, configured from the environment; the
 * script pm2 runs in cluster mode (ecosystem.config.cjs). It tells pm2 it is ready only once
 * it listens with its migrations applied and its pool open (`wait_ready`), and stops
 * gracefully on SIGINT, SIGTERM or pm2's `shutdown` message, exiting 0.
 */
const main = async (): Promise<void> => {
  const backend = new PaymentBackend();
  await backend.open();
  backend.logger.info({ event: "server.listening", host: backend.host, database: backend.state.database.kind, worker: process.env.NODE_APP_INSTANCE ?? null }, "payments-server listening");
  process.send?.("ready");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    backend.logger.info({ event: "server.stopping", signal }, `${signal}: closing`);
    try {
      await backend.close();
    } finally {
      await new Promise<void>((resolve) => backend.logger.flush(() => resolve()));
      process.exit(0);
    }
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.on("message", (message) => {
    if (message === "shutdown") void stop("shutdown");
  });
};

main().catch((exp) => {
  console.error(exp instanceof ConfigurationError ? exp.message : exp);
  process.exit(1);
});
