import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { Pool } from "pg";

import type { Database } from "../src/db/Database";
import { AtRestCipher } from "../src/utils/AtRestCipher";
import { PasswordHasher } from "../src/utils/PasswordHasher";

/**
 * The floor: a bare `node:http` server doing only the work no implementation of the two
 * measured routes can avoid, with the same keys, the same database and the same answers.
 *
 * - Read by id (`PATCH /payments/histories/:id`): AES-256-CBC decrypt the body → JSON.parse
 *   → ONE indexed SELECT by (id, client_id) → decrypt `data_enc` → verify the password →
 *   build the history → JSON.stringify → encrypt → write.
 * - Registration (`POST /payments/histories`): decrypt the body → hash the password →
 *   INSERT a pending row (a scratch table) → the PG's confirm over a kept-alive connection →
 *   check order, amount and status → encrypt the PG object → UPDATE the row → encrypt the
 *   answer → write.
 *
 * No framework, no validation, no idempotency, no outbox, no metrics: what the server does
 * above this is the overhead the ratios measure. On PostgreSQL it runs in ITS OWN PROCESS
 * (`node lib/bench/floor.js CONFIG.json`, its own `pg` pool of the server's size), so that it
 * shares neither event loop, heap nor warm-up with the server; on PGlite (one connection,
 * in-process) it can only run inside the server's process, through `database.query`.
 */
export interface IFloorConfig {
  port: number;
  databaseUrl: string | null;
  poolSize: number;
  client: { id: string; key: string; iv: string };
  atRestPaymentKey: string;
  pepper: string;
  toss: { host: string; secretKey: string };
}

/** The floor's work on decrypted input, shared with the stack's floor (bench/stack.ts). */
export interface IFloorWork {
  /** The history answered by a read, or null for the 404. */
  read(id: string, input: { password: string }): Promise<object | null>;
  /** The registered history, or null for the 422. */
  register(input: IFloorRegistration): Promise<object | null>;
  close(): Promise<void>;
}
export interface IFloorRegistration {
  vendor: { code: string; store_id: string; uid: string };
  source: { schema: string; table: string; id: string };
  price: number;
  password: string;
}

export async function floorWork(config: IFloorConfig, database?: Database): Promise<IFloorWork> {
  const cipher = new AtRestCipher(config.atRestPaymentKey);
  const hasher = new PasswordHasher(config.pepper);
  const pool = config.databaseUrl !== null ? new Pool({ connectionString: config.databaseUrl, max: config.poolSize }) : null;
  pool?.on("error", () => {});
  const query = async (text: string, params: unknown[]): Promise<Record<string, any>[]> =>
    pool !== null ? (await pool.query(text, params)).rows : await database!.query(text, params);
  await query(
    `CREATE TABLE IF NOT EXISTS bench_floor_histories (id uuid PRIMARY KEY, source_id text NOT NULL UNIQUE, vendor_uid text NOT NULL,
       price bigint NOT NULL, status text NOT NULL, password_hash text NOT NULL, data_enc text NOT NULL,
       created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`,
    [],
  );
  const SELECT =
    "SELECT id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id, data_enc, " +
    "currency, price, refund, status, webhook_url, password_hash, created_at, paid_at, cancelled_at " +
    "FROM payment_histories WHERE id = $1 AND client_id = $2";
  const iso = (v: unknown): string | null => (v === null ? null : new Date(v as string).toISOString());

  const read = async (id: string, input: { password: string }): Promise<object | null> => {
    const row = (await query(SELECT, [id, config.client.id]))[0];
    if (row === undefined || !hasher.verify(input.password, row.password_hash)) return null;
    return {
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
  };

  // The PG over one kept-alive agent, as any client of it would.
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.poolSize * 4 });
  const toss = new URL(config.toss.host);
  const authorization = `Basic ${Buffer.from(`${config.toss.secretKey}:`).toString("base64")}`;
  const confirm = (body: { paymentKey: string; orderId: string; amount: number }) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(
        {
          host: toss.hostname,
          port: toss.port,
          path: "/v1/payments/confirm",
          method: "POST",
          agent,
          headers: { authorization, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });

  const register = async (input: IFloorRegistration): Promise<object | null> => {
    const id = crypto.randomUUID();
    const now = new Date();
    await query(
      "INSERT INTO bench_floor_histories (id, source_id, vendor_uid, price, status, password_hash, data_enc, created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, '', $6, $6)",
      [id, input.source.id, input.vendor.uid, input.price, hasher.hash(input.password), now],
    );
    const answer = await confirm({ paymentKey: input.vendor.uid, orderId: input.source.id, amount: input.price });
    const payment = JSON.parse(answer.text) as { status: string; orderId: string; totalAmount: number; approvedAt: string };
    if (answer.status !== 200 || payment.orderId !== input.source.id || payment.totalAmount !== input.price) return null;
    await query("UPDATE bench_floor_histories SET status = 'paid', data_enc = $2, updated_at = $3 WHERE id = $1", [id, cipher.encrypt(JSON.stringify(payment)), new Date()]);
    return { id, vendor: input.vendor, source: input.source, data: payment, price: input.price, status: "paid", paid_at: payment.approvedAt };
  };

  return {
    read,
    register,
    close: async () => {
      agent.destroy();
      await pool?.end();
    },
  };
}

export async function openFloor(config: IFloorConfig, database?: Database): Promise<{ close(): Promise<void> }> {
  const work = await floorWork(config, database);
  const encrypt = (value: unknown) => AesPkcs5.encrypt(JSON.stringify(value), config.client.key, config.client.iv);
  const decrypt = <T>(text: string) => JSON.parse(AesPkcs5.decrypt(text, config.client.key, config.client.iv)) as T;
  const answer = (found: object | null, status: number, missing: number) =>
    found === null ? { status: missing, body: "" } : { status, body: encrypt(found) };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      const text = Buffer.concat(chunks).toString("utf8");
      const result = (async () =>
        req.method === "POST"
          ? answer(await work.register(decrypt<IFloorRegistration>(text)), 201, 422)
          : answer(await work.read(url.slice("/payments/histories/".length), decrypt<{ password: string }>(text)), 200, 404))();
      result.then(
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
  await new Promise<void>((resolve) => server.listen(config.port, "127.0.0.1", resolve));
  return {
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await work.close();
    },
  };
}

/** A reference server in its own process: prints "ready" once listening, closes on SIGTERM. */
export const runAlone = (opened: Promise<{ close(): Promise<void> }>): void =>
  void opened.then(
    (server) => {
      process.stdout.write("ready\n");
      process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
    },
    (exp) => {
      console.error(exp);
      process.exit(1);
    },
  );

// Its own process: `node lib/bench/floor.js CONFIG.json`.
if (require.main === module) runAlone(openFloor(JSON.parse(fs.readFileSync(process.argv[2]!, "utf8")) as IFloorConfig));
