import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { assert } from "../../internal/pgs";
import { startSandboxProcess } from "../../internal/server";
import { TestContext } from "../../TestContext";

/**
 * A newcomer runs `npm start`: the terminal shows a few readable lifecycle lines and then the
 * banner, not dozens of JSON start-up lines; requests (a demo order page polls every second)
 * add nothing to the terminal. Every line still reaches the log file the banner names, as JSON.
 */
export async function test_sandbox_terminal_shows_the_lifecycle_and_the_banner_last(ctx: TestContext): Promise<void> {
  const base = ctx.config.port + 60;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "payments-server-sandbox-log-"));
  const sandbox = startSandboxProcess(base, data);
  try {
    await WebhookKit.until("the banner", () => sandbox.terminal().includes("make a payment"), 60_000);
    const atStart = sandbox.terminal();
    let terminal = atStart;
    for (let i = 0; i < 5; ++i) await fetch(`http://127.0.0.1:${base}/monitors/health`);
    await WebhookKit.sleep(500);
    terminal = sandbox.terminal();
    assert(terminal === atStart, `requests add nothing to the terminal:\n${terminal.slice(atStart.length)}`);
    assert(!terminal.split("\n").some((l) => l.trimStart().startsWith("{")), `no JSON line in the terminal:\n${terminal}`);
    assert(terminal.indexOf("payments-server listening") !== -1 && terminal.indexOf("payments-server listening") < terminal.indexOf("SANDBOX KEYS"), `the lifecycle, then the banner:\n${terminal}`);
    const beforeBanner = terminal.slice(0, terminal.indexOf("SANDBOX KEYS")).split("\n").filter((l) => l.trim() !== "").length;
    assert(beforeBanner <= 8, `a few lines before the banner, not dozens (${beforeBanner}):\n${terminal}`);
    const logFile = path.join(data, "sandbox.log");
    assert(terminal.includes(logFile), "the banner names the log file");
    const logged = fs.readFileSync(logFile, "utf8");
    assert(logged.includes('"request completed"') && logged.includes("/monitors/health") && logged.includes("Mapped {"), "the log file holds every line");
  } finally {
    sandbox.child.kill("SIGTERM");
    await sandbox.exited;
    fs.rmSync(data, { recursive: true, force: true });
  }
}
