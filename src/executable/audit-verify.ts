import pino from "pino";

import { Database } from "../db/Database";
import { ConfigurationError, PaymentConfiguration } from "../PaymentConfiguration";
import { AccessTrail } from "../providers/audit/AccessTrail";

/**
 * Check the access trail's chain in the configured database: exit 0 when every entry's hash
 * holds, 1 naming the first entry that does not (changed, removed or reordered).
 */
const main = async (): Promise<void> => {
  const config = PaymentConfiguration.load();
  const database = await Database.open({ url: config.database_url, pgliteDir: config.pglite_dir, poolSize: 1 });
  try {
    const result = await new AccessTrail(database, pino({ level: "silent" })).verify();
    if (result.ok) console.log(`access trail: ${result.entries} entries, the chain holds (${database.kind})`);
    else {
      console.error(`access trail: entry ${result.broken!.seq} is broken: ${result.broken!.reason} (${result.entries} entries before it hold)`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
};
main().catch((exp) => {
  console.error(exp instanceof ConfigurationError ? exp.message : exp);
  process.exit(1);
});
