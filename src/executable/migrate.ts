import { Database } from "../db/Database";
import { ConfigurationError, PaymentConfiguration } from "../PaymentConfiguration";

/** Apply the migrations and exit (the server also does this at start). */
const main = async (): Promise<void> => {
  const config = PaymentConfiguration.load();
  const database = await Database.open({ url: config.database_url, pgliteDir: config.pglite_dir, poolSize: 1 });
  try {
    await database.migrate();
    console.log(`migrated (${database.kind})`);
  } finally {
    await database.close();
  }
};
main().catch((exp) => {
  console.error(exp instanceof ConfigurationError ? exp.message : exp);
  process.exit(1);
});
