import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";
import http from "node:http";
import { Pool } from "pg";

import type { Database } from "../src/db/Database";
import { AtRestCipher } from "../src/utils/AtRestCipher";
import { PasswordHasher } from "../src/utils/PasswordHasher";

/**
 * The floor of a read by id: a bare `node:http` server doing only the work no
 * implementation of `PATCH /payments/histories/:id` can avoid, with the same keys, the same
 * database and the same answer shape:
 *   read the body → AES-256-CBC decrypt (AesPkcs5) → JSON.parse → ONE indexed SELECT of the
 *   row by (id, client_id) → AtRestCipher-decrypt `data_enc` → PasswordHasher.verify →
 *   build the history object → JSON.stringify → AesPkcs5 encrypt → write.
 * No framework, no validation, no failure counting, no cancels lookup: everything the real
 * server does above this is overhead the ratio measures.
 *
 * It runs in the SAME process as payments-server (started after the server's own runs, so
 * the two never compete): same heap, same crypto, same database handle. On PGlite that is
 * the only possible choice (single connection, in-process: the floor queries through
 * `database.query`); on PostgreSQL it gets its own `pg` Pool of the same size as the
 * server's, so both pay the same network round trip and pool limit.
 */
export async function openFloor(props: {
  port: number;
  database: Database;
  databaseUrl: string | null;
  poolSize: number;
  client: { id: string; key: string; iv: string };
  atRestPaymentKey: string;
  pepper: string;
}): Promise<{ close(): Promise<void> }> {
  const cipher = new AtRestCipher(props.atRestPaymentKey);
  const hasher = new PasswordHasher(props.pepper);
  const pool = props.databaseUrl !== null ? new Pool({ connectionString: props.databaseUrl, max: props.poolSize }) : null;
  pool?.on("error", () => {});
  const SELECT =
    "SELECT id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id, data_enc, " +
    "currency, price, refund, status, webhook_url, password_hash, created_at, paid_at, cancelled_at " +
    "FROM payment_histories WHERE id = $1 AND client_id = $2";
  const query = async (id: string): Promise<Record<string, any>[]> =>
    pool !== null ? (await pool.query(SELECT, [id, props.client.id])).rows : await props.database.query(SELECT, [id, props.client.id]);
  const iso = (v: unknown): string | null => (v === null ? null : new Date(v as string).toISOString());

  const handle = async (id: string, text: string): Promise<{ status: number; body: string }> => {
    const input = JSON.parse(AesPkcs5.decrypt(text, props.client.key, props.client.iv)) as { password: string };
    const row = (await query(id))[0];
    if (row === undefined || !hasher.verify(input.password, row.password_hash)) return { status: 404, body: "" };
    const history = {
      id: row.id,
      vendor_code: row.vendor_code,
      vendor: { code: row.vendor_code, store_id: row.vendor_store_id, uid: row.vendor_uid },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      data: JSON.parse(cipher.decrypt(row.data_enc)),
      currency: row.currency,
      price: Number(row.price),
      refund: Number(row.refund),
      status: row.status,
      webhook_url: row.webhook_url,
      created_at: iso(row.created_at),
      paid_at: iso(row.paid_at),
      cancelled_at: iso(row.cancelled_at),
      cancels: [],
    };
    return { status: 200, body: AesPkcs5.encrypt(JSON.stringify(history), props.client.key, props.client.iv) };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const id = (req.url ?? "").slice("/payments/histories/".length);
      handle(id, Buffer.concat(chunks).toString("utf8")).then(
        ({ status, body }) => {
          res.writeHead(status, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) });
          res.end(body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(props.port, "127.0.0.1", resolve));
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool?.end();
    },
  };
}
