import { Client } from "pg";

/** Create the database of `url` if it does not exist yet (test program and bench). */
export const ensurePostgresDatabase = async (url: string): Promise<void> => {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const root = new Client({ connectionString: admin.toString() });
  await root.connect();
  try {
    const exists = await root.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await root.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await root.end();
  }
};

/** Drop (closing its sessions) and create the database of `url`: a run that must start empty. */
export const recreateDatabase = async (url: string): Promise<void> => {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const root = new Client({ connectionString: admin.toString() });
  await root.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await root.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await root.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await root.end();
  }
};
