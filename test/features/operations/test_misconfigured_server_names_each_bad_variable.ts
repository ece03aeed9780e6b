import { spawn } from "node:child_process";
import path from "node:path";

import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * An operator starts the server with a broken environment: it refuses to start, exits 1,
 * and names every wrong variable at once (not a stack trace, not the first one only).
 */
export async function test_misconfigured_server_names_each_bad_variable(_ctx: TestContext): Promise<void> {
  const server = path.join(__dirname, "..", "..", "..", "src", "executable", "server.js");
  // Asynchronous: the server under test and the fakes live in this process and must keep
  // their timers (keep-alive connections) running meanwhile.
  const run = (env: Record<string, string>) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [server], { env: { PATH: process.env.PATH ?? "", ...env }, cwd: path.join(__dirname, "..", "..", "..", "..") });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });

  const broken = await run({
    PORT: "eighty",
    PAYMENTS_CLIENTS: '[{"id":"shop","key":"too-short","iv":"sandbox-iv-16byt"}]',
    PAYMENTS_DEFAULT_CLIENT: "shop",
    TOSS_STORES: "{not json",
    AT_REST_KEY_PAYMENT: "abc",
    WEBHOOK_ALLOW_PRIVATE: "yes",
  });
  equal(broken.status, 1, "exit code");
  for (const name of ["PORT", "PAYMENTS_CLIENTS", "TOSS_STORES", "AT_REST_KEY_PAYMENT", "WEBHOOK_ALLOW_PRIVATE"])
    assert(broken.stderr.includes(name), `the error names ${name}:\n${broken.stderr}`);
  assert(!/\n\s+at /.test(broken.stderr), `no stack trace:\n${broken.stderr}`);

  // Production refuses the public sandbox keys.
  const production = await run({ NODE_ENV: "production", DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
  equal(production.status, 1, "production exit code");
  for (const name of ["PAYMENTS_CLIENTS", "AT_REST_KEY_PAYMENT", "AT_REST_KEY_BILLING", "PASSWORD_PEPPER"])
    assert(production.stderr.includes(`${name}: sandbox key in production`), `production names ${name}:\n${production.stderr}`);
}
