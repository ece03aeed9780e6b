import { Client } from "pg";

/** Run `task` on the server's "postgres" database, with the name of `url`'s database. */
const asAdmin = async (url: string, task: (root: Client, quoted: string, name: string) => Promise<void>): Promise<void> => {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const root = new Client({ connectionString: admin.toString() });
  await root.connect();
  try {
    await task(root, `"${name.replace(/"/g, '""')}"`, name);
  } finally {
    await root.end();
  }
};

/**
 * Create the database of `url` if it does not exist yet (test program and bench), and let it
 * take connections (a run killed in the middle of a database-outage scenario left it refusing).
 */
export const ensurePostgresDatabase = (url: string): Promise<void> =>
  asAdmin(url, async (root, quoted, name) => {
    const exists = await root.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await root.query(`CREATE DATABASE ${quoted}`);
    else await root.query(`ALTER DATABASE ${quoted} ALLOW_CONNECTIONS true`);
  });

/** Drop (closing its sessions) and create the database of `url`: a run that must start empty. */
export const recreateDatabase = (url: string): Promise<void> =>
  asAdmin(url, async (root, quoted) => {
    await root.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await root.query(`CREATE DATABASE ${quoted}`);
  });

/**
 * The database of `url` goes away, as the server sees a stopped PostgreSQL: every session is
 * ended and new connections are refused until `restore()` (run it in a finally).
 */
export const stopDatabase = async (url: string): Promise<{ restore(): Promise<void> }> => {
  await asAdmin(url, async (root, quoted, name) => {
    await root.query(`ALTER DATABASE ${quoted} ALLOW_CONNECTIONS false`);
    await root.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
  });
  let restored = false;
  return {
    restore: async () => {
      if (restored) return;
      restored = true;
      await asAdmin(url, async (root, quoted) => void (await root.query(`ALTER DATABASE ${quoted} ALLOW_CONNECTIONS true`)));
    },
  };
};
