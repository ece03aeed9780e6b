/** What is running: which build, since when, on what. */
export interface IMonitorSystem {
  /** `version` of package.json. */
  version: string;
  /** Git commit the build was made from (`unknown` outside a git checkout). */
  commit: string;
  /** When `npm run build` ran. */
  built_at: string | null;
  /** When this server instance started listening. */
  started_at: string;
  /** Node.js version. */
  node: string;
  /** pm2's instance number of the worker that answered, `null` outside pm2. */
  worker: string | null;
  database: {
    kind: "postgres" | "pglite";
    /** Migrations applied, and the newest applied (its tag in `src/db/migrations`). */
    migrations: { applied: number; latest: string | null };
  };
}
