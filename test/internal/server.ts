import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import { TestContext } from "../TestContext";
import { eventually } from "./lifecycle";

/**
 * A second payments-server process (`server.js`) on the test's PostgreSQL database, pointed at
 * the test's fake PGs, answering on `port` once this resolves: a process a scenario can kill.
 * `env` adds to or overrides its environment (quiet, no workers by default).
 */
export const startServerProcess = async (ctx: TestContext, port: number, env: NodeJS.ProcessEnv = {}): Promise<ChildProcess> => {
  const child = spawn(process.execPath, [path.join(__dirname, "../../src/executable/server.js")], {
    env: {
      ...process.env,
      DATABASE_URL: ctx.databaseUrl!,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      WORKERS: "false",
      TOSS_API_URL: ctx.toss.host,
      IAMPORT_API_URL: ctx.iamport.host,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await eventually("the child server", () => fetch(`http://127.0.0.1:${port}/monitors/health`).then((r) => r.ok, () => false));
  } catch (exp) {
    child.kill("SIGKILL");
    throw exp;
  }
  return child;
};

/**
 * `npm start`'s program (`sandbox.js`) in a process of its own, its ports from `base` (server,
 * fake Toss, Iamport, PortOne, demo shop) and its data in `dataDir`: what a newcomer's terminal
 * shows (stdout and stderr together), and its exit code once it ends.
 */
export const startSandboxProcess = (base: number, dataDir: string) => {
  const child = spawn(process.execPath, [path.join(__dirname, "../../src/executable/sandbox.js")], {
    cwd: path.join(__dirname, "..", "..", ".."),
    env: {
      PATH: process.env.PATH ?? "",
      PGLITE_DIR: path.join(dataDir, "pglite"),
      PORT: String(base),
      FAKE_TOSS_PORT: String(base + 1),
      FAKE_IAMPORT_PORT: String(base + 2),
      FAKE_PORTONE_PORT: String(base + 3),
      SANDBOX_SHOP_PORT: String(base + 4),
    },
  });
  let terminal = "";
  child.stdout.on("data", (c: Buffer) => (terminal += c.toString()));
  child.stderr.on("data", (c: Buffer) => (terminal += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const exited = new Promise<number | null>((resolve) =>
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve(status);
    }),
  );
  return { child, terminal: () => terminal, exited };
};
