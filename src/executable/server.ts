import { ConfigurationError } from "../PaymentConfiguration";
import { PaymentBackend } from "../PaymentBackend";

/** Production entry point: payments-server alone, configured from the environment. */
const main = async (): Promise<void> => {
  const backend = new PaymentBackend();
  await backend.open();
  console.log(`payments-server listening on ${backend.host} (database: ${backend.state.database.kind})`);
  const stop = async (signal: string) => {
    console.log(`${signal}: closing`);
    await backend.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
};

main().catch((exp) => {
  console.error(exp instanceof ConfigurationError ? exp.message : exp);
  process.exit(1);
});
