import { execFile } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import type { IPaymentReservation } from "../../../src/api/structures/IPaymentReservation";
import { eventually } from "../../internal/lifecycle";
import { equal, orderId, password } from "../../internal/pgs";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * A contributor adds a fourth PG: its folder under `src/pg` (the double in
 * test/fixtures/fourth-gateway, never shipped), its code in `IPaymentVendor.Code` and one
 * entry in `PG_REGISTRY`, nothing else. A scratch copy of the server with exactly those
 * changes compiles (typia, nestia and all), and runs: a payment at the fourth PG is recorded
 * and cancelled through the API, and a billing key, which it does not offer, is refused as
 * `422 UNSUPPORTED_BY_PG` without a call reaching it. PostgreSQL (a server process of its own).
 */
export async function test_fourth_gateway_added_by_its_folder_a_registry_line_and_its_code(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a second server process needs PostgreSQL (PGlite is one process, one owner)");
  const repo = path.join(__dirname, "..", "..", "..", "..");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "payments-fourth-"));
  const pg = await startFourthPg();
  let child: ChildProcess | null = null;
  try {
    // The contributor's change: a folder, a code, a registry entry.
    fs.cpSync(path.join(repo, "src"), path.join(scratch, "src"), { recursive: true });
    fs.cpSync(path.join(repo, "test", "fixtures", "fourth-gateway"), path.join(scratch, "src", "pg", "fourth"), { recursive: true });
    edit(path.join(scratch, "src/api/structures/IPaymentVendor.ts"), /export type Code = ([^;]+);/, (_, union: string) => `export type Code = ${union} | "fourth";`);
    edit(path.join(scratch, "src/pg/PgRegistry.ts"), /\n\/\*\*\n \* One PG as the server knows it/, (m) => `\nimport { FourthConfiguration } from "./fourth/FourthConfiguration";\nimport { FourthGateway } from "./fourth/FourthGateway";\n${m}`);
    edit(path.join(scratch, "src/pg/PgRegistry.ts"), /\n};\n\ntype Registry/, () => `\n  fourth: pg({ code: "fourth", configuration: FourthConfiguration, gateway: FourthGateway.create }),\n};\n\ntype Registry`);
    equal(changedFiles(path.join(repo, "src"), path.join(scratch, "src")), ["api/structures/IPaymentVendor.ts", "pg/PgRegistry.ts"], "generic files edited: the union and the registry only");

    // It compiles as the server does (the same tsconfig, with typia's and nestia's transforms).
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(scratch, "node_modules"));
    fs.writeFileSync(
      path.join(scratch, "tsconfig.json"),
      JSON.stringify({ extends: path.join(repo, "tsconfig.json"), compilerOptions: { outDir: path.join(scratch, "lib"), rootDir: scratch }, include: ["src"], exclude: ["src/api/functional"] }),
    );
    const compiled = await run(process.execPath, [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(scratch, "tsconfig.json")]);
    equal(compiled, "", "the scratch copy compiles without an error");
    fs.cpSync(path.join(repo, "src", "db", "migrations"), path.join(scratch, "lib", "src", "db", "migrations"), { recursive: true });

    // It runs, with the fourth PG configured like any other.
    const port = ctx.config.port + 37;
    child = (await import("node:child_process")).spawn(process.execPath, [path.join(scratch, "lib", "src", "executable", "server.js")], {
      env: { ...process.env, DATABASE_URL: ctx.databaseUrl, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", WORKERS: "false", FOURTH_API_URL: pg.url },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await eventually("the scratch server", () => fetch(`http://127.0.0.1:${port}/monitors/health`).then((r) => r.ok, () => false));
    const connection = { ...ctx.connection, host: `http://127.0.0.1:${port}` };

    const id = orderId();
    pg.payments.set(`f-${id}`, { id: `f-${id}`, order_id: id, amount: 12_000, status: "AUTHENTICATED", paid_at: null, cancels: [] });
    const secret = password();
    const history = await api.functional.payments.histories.create(connection, {
      vendor: { code: "fourth" as never, store_id: "sandbox-fourth", uid: `f-${id}` },
      source: { schema: "shop", table: "orders", id },
      price: 12_000,
      password: secret,
    } as IPaymentHistory.IStore);
    equal([history.vendor_code as string, history.status, history.price], ["fourth", "paid", 12_000], "a payment at the fourth PG is approved and recorded");
    const cancelled = await api.functional.payments.histories.cancel(connection, { source: history.source, password: secret, price: 2_000, reason: "one item returned" });
    equal([cancelled.status, cancelled.refund], ["partial_cancelled", 2_000], "and cancelled in part at it");
    equal(pg.paths(), [`POST /payments/f-${id}/approve`, `POST /payments/f-${id}/cancel`], "the PG saw one approval and one cancel");

    const refused = await api.functional.payments.reservations
      .create(connection, {
        vendor: { code: "fourth" as never, store_id: "sandbox-fourth", uid: "billing-1" },
        source: { schema: "shop", table: "members", id: orderId() },
        title: "membership",
        password: password(),
      } as IPaymentReservation.IStore)
      .then(
        () => null,
        (exp: { status?: number; message?: string }) => ({ status: exp.status, code: (JSON.parse(exp.message ?? "{}") as { code?: string }).code }),
      );
    equal(refused, { status: 422, code: "UNSUPPORTED_BY_PG" }, "a billing key at a PG without billing");
    equal(pg.paths().length, 2, "no call reached the PG for it");
  } finally {
    child?.kill("SIGKILL");
    pg.server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

interface IFourthPayment {
  id: string;
  order_id: string;
  amount: number;
  status: "AUTHENTICATED" | "PAID" | "CANCELLED";
  paid_at: string | null;
  cancels: { id: string; amount: number; reason: string; at: string }[];
}

/** The fourth PG's API, as small as its gateway needs, counting every call that reaches it. */
const startFourthPg = async () => {
  const payments = new Map<string, IFourthPayment>();
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      const answer = (status: number, body: object) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      const [, , uid, action] = (req.url ?? "").split("/").map(decodeURIComponent);
      const payment = payments.get(uid ?? "");
      if (payment === undefined) return answer(404, { code: "NOT_FOUND", message: "no such payment" });
      const body = raw === "" ? {} : (JSON.parse(raw) as { amount?: number | null; reason?: string });
      if (action === "approve") {
        if (body.amount !== payment.amount) return answer(400, { code: "AMOUNT_MISMATCH", message: "amount differs" });
        Object.assign(payment, { status: "PAID", paid_at: new Date().toISOString() });
      } else if (action === "cancel") {
        const left = payment.amount - payment.cancels.reduce((sum, c) => sum + c.amount, 0);
        const amount = body.amount ?? left;
        if (amount > left) return answer(400, { code: "OVER_CANCEL", message: "more than the balance" });
        payment.cancels.push({ id: `c-${payment.cancels.length + 1}`, amount, reason: body.reason ?? "", at: new Date().toISOString() });
        if (amount === left) payment.status = "CANCELLED";
      }
      answer(200, payment);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, payments, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths: () => [...seen] };
};

const edit = (file: string, pattern: RegExp, replace: (match: string, ...groups: string[]) => string): void => {
  const text = fs.readFileSync(file, "utf8");
  if (!pattern.test(text)) throw new Error(`${file}: ${pattern} not found (the test's edit is out of date)`);
  fs.writeFileSync(file, text.replace(pattern, replace));
};

/** Files of `copy` that differ from `original`'s, outside the new PG's own folder. */
const changedFiles = (original: string, copy: string): string[] => {
  const changed: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(copy, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (rel === path.join("pg", "fourth")) continue;
      if (entry.isDirectory()) walk(rel);
      else if (!fs.existsSync(path.join(original, rel)) || !fs.readFileSync(path.join(original, rel)).equals(fs.readFileSync(path.join(copy, rel)))) changed.push(rel);
    }
  };
  walk("");
  return changed.sort();
};

const run = (command: string, args: string[]): Promise<string> =>
  new Promise((resolve) => execFile(command, args, { maxBuffer: 10_000_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`.trim())));
