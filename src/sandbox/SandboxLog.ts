import fs from "node:fs";
import path from "node:path";

/**
 * Where the sandbox's log lines go: every JSON line to a file (`.data/sandbox.log`), and to the
 * terminal only what a developer reads there: the lifecycle (lines with an `event`: listening,
 * payments, webhooks) and warnings and errors, as short readable lines. Access lines (a demo
 * order page polls every second) and the framework's start-up chatter stay in the file.
 */
export class SandboxLog {
  private readonly file: fs.WriteStream;

  public constructor(
    public readonly path: string,
    private readonly terminal: { write(text: string): unknown } = process.stdout,
  ) {
    fs.mkdirSync(dirname(path), { recursive: true });
    // One earlier run kept beside it: a sandbox left running for weeks does not fill the disk.
    if (fs.existsSync(path) && fs.statSync(path).size > 50 * 1024 * 1024) fs.renameSync(path, `${path}.1`);
    this.file = fs.createWriteStream(path, { flags: "a" });
  }

  /** pino's destination: one JSON line per call. */
  public write(line: string): void {
    this.file.write(line);
    let entry: { level?: number; time?: number; msg?: string; event?: unknown; err?: { message?: string } };
    try {
      entry = JSON.parse(line);
    } catch {
      this.terminal.write(line);
      return;
    }
    const level = entry.level ?? 30;
    if (level < 40 && (typeof entry.event !== "string" || entry.msg === "request completed")) return;
    const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8);
    const tag = level >= 50 ? "error" : level >= 40 ? "warn " : "     ";
    const detail = entry.err?.message !== undefined ? `: ${entry.err.message}` : "";
    this.terminal.write(`${time} ${tag} ${entry.msg ?? ""}${detail}${typeof entry.event === "string" ? `  [${entry.event}]` : ""}\n`);
  }

  public close(): Promise<void> {
    return new Promise((resolve) => this.file.end(() => resolve()));
  }
}

const dirname = (file: string): string => path.dirname(path.resolve(file));
