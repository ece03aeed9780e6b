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
