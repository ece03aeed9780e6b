import { spawn } from "node:child_process";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A newcomer runs `npm start` while another program holds the fake PortOne's port: the sandbox
 * exits 1 saying which of its services wanted the port and which variable moves it, not a bare
 * `EADDRINUSE` stack.
 */
export async function test_sandbox_port_taken_names_the_service_and_its_variable(ctx: TestContext): Promise<void> {
  const base = ctx.config.port + 50;
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(base + 3, "127.0.0.1", resolve));
  try {
    const sandbox = path.join(__dirname, "..", "..", "..", "src", "executable", "sandbox.js");
    const result = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [sandbox], {
        cwd: path.join(__dirname, "..", "..", "..", ".."),
        env: {
          PATH: process.env.PATH ?? "",
          PGLITE_DIR: path.join(os.tmpdir(), `payments-server-port-taken-${base}`),
          PORT: String(base),
          FAKE_TOSS_PORT: String(base + 1),
          FAKE_IAMPORT_PORT: String(base + 2),
          FAKE_PORTONE_PORT: String(base + 3),
          SANDBOX_SHOP_PORT: String(base + 4),
        },
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ status, stderr });
      });
    });
    equal(result.status, 1, "exit code");
    assert(result.stderr.includes(`Port ${base + 3} is already taken`) && result.stderr.includes("fake PortOne") && result.stderr.includes("FAKE_PORTONE_PORT"), `names the service and its variable:\n${result.stderr}`);
    assert(!/\n\s+at /.test(result.stderr), `no stack trace:\n${result.stderr}`);
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
}
