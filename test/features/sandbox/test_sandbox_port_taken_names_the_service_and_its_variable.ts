import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { assert, equal } from "../../internal/pgs";
import { startSandboxProcess } from "../../internal/server";
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
    const data = fs.mkdtempSync(path.join(os.tmpdir(), "payments-server-port-taken-"));
    const sandbox = startSandboxProcess(base, data);
    const result = { status: await sandbox.exited, stderr: sandbox.terminal() };
    fs.rmSync(data, { recursive: true, force: true });
    equal(result.status, 1, "exit code");
    assert(result.stderr.includes(`Port ${base + 3} is already taken`) && result.stderr.includes("fake PortOne") && result.stderr.includes("FAKE_PORTONE_PORT"), `names the service and its variable:\n${result.stderr}`);
    assert(!/\n\s+at /.test(result.stderr), `no stack trace:\n${result.stderr}`);
  } finally {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
}
