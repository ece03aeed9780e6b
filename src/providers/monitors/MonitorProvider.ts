import { Inject, Injectable, OnModuleDestroy } from "@nestjs/common";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { EventLoopUtilization, monitorEventLoopDelay, performance } from "node:perf_hooks";

import type { IMonitorPerformance } from "../../api/structures/IMonitorPerformance";
import type { IMonitorSystem } from "../../api/structures/IMonitorSystem";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";

/** `lib/build.json`, written by `npm run build` (deploy/build-info.js). */
const BUILD = path.resolve(__dirname, "../../../build.json");
const JOURNAL = path.resolve(__dirname, "../../db/migrations/meta/_journal.json");

/**
 * The operators' view of a running server: performance and system monitors, and the operator
 * credential that protects them and the metrics. The credential is the operator's (a bearer
 * token from configuration), never a client's transport key: a calling service cannot read
 * how the server runs, an operator needs no payment key.
 */
@Injectable()
export class MonitorProvider implements OnModuleDestroy {
  /**
   * The loop's delay over fixed windows: the histogram samples every RESOLUTION_MS and records
   * the whole interval between samples, so an idle loop reads as the resolution itself; what
   * is reported is the excess over it, for the last full window (the current one until then).
   * Reading never resets it: every reader sees the same window.
   */
  private static readonly RESOLUTION_MS = 20;
  private static readonly WINDOW_MS = 60_000;
  private readonly delay = monitorEventLoopDelay({ resolution: MonitorProvider.RESOLUTION_MS });
  private lastWindow: IMonitorPerformance["event_loop"]["delay"] | null = null;
  private readonly rotation: NodeJS.Timeout;
  private utilization: EventLoopUtilization = performance.eventLoopUtilization();

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {
    this.delay.enable();
    this.rotation = setInterval(() => {
      this.lastWindow = this.window();
      this.delay.reset();
    }, MonitorProvider.WINDOW_MS);
    this.rotation.unref();
  }

  public onModuleDestroy(): void {
    clearInterval(this.rotation);
    this.delay.disable();
  }

  private window(): IMonitorPerformance["event_loop"]["delay"] {
    const excess = (ns: number) => (Number.isFinite(ns) ? Math.max(0, Math.round((ns / 1e6 - MonitorProvider.RESOLUTION_MS) * 1000) / 1000) : 0);
    return { p50: excess(this.delay.percentile(50)), p99: excess(this.delay.percentile(99)), max: excess(this.delay.max) };
  }

  /** 401 OPERATOR_UNAUTHORIZED unless `authorization` is `Bearer <OPERATOR_TOKEN>`. */
  public authorize(authorization: string | null): void {
    const given = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1] ?? "";
    // Digests of equal length: the comparison takes the same time whatever was sent.
    const a = crypto.createHash("sha256").update(given).digest();
    const b = crypto.createHash("sha256").update(this.ctx.config.operator_token).digest();
    if (given.length === 0 || !crypto.timingSafeEqual(a, b))
      throw new PaymentError(401, "OPERATOR_UNAUTHORIZED", "Monitors and metrics need the operator credential: Authorization: Bearer <OPERATOR_TOKEN>.");
  }

  public performance(): IMonitorPerformance {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const now = performance.eventLoopUtilization();
    const recent = performance.eventLoopUtilization(now, this.utilization);
    this.utilization = now;
    const answer: IMonitorPerformance = {
      worker: process.env.NODE_APP_INSTANCE ?? null,
      pid: process.pid,
      uptime: Math.round(process.uptime() * 1000) / 1000,
      cpu: { user: cpu.user, system: cpu.system },
      memory: { rss: memory.rss, heap_total: memory.heapTotal, heap_used: memory.heapUsed, external: memory.external, array_buffers: memory.arrayBuffers },
      event_loop: {
        delay: this.lastWindow ?? this.window(),
        utilization: Math.round(recent.utilization * 10_000) / 10_000,
      },
      handles: count(process.getActiveResourcesInfo()),
    };
    return answer;
  }

  public async system(): Promise<IMonitorSystem> {
    const build = readJson<{ version?: string; commit?: string; built_at?: string }>(BUILD) ?? {};
    const journal = readJson<{ entries: { idx: number; tag: string }[] }>(JOURNAL);
    let applied = 0;
    try {
      const [row] = await this.ctx.database.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
      applied = Number(row?.n ?? 0);
    } catch {
      applied = 0;
    }
    const latest = journal?.entries.slice().sort((a, b) => a.idx - b.idx)[applied - 1]?.tag ?? null;
    return {
      version: build.version ?? "unknown",
      commit: build.commit ?? "unknown",
      built_at: build.built_at ?? null,
      started_at: this.ctx.started_at.toISOString(),
      node: process.version,
      worker: process.env.NODE_APP_INSTANCE ?? null,
      database: { kind: this.ctx.database.kind, migrations: { applied, latest } },
    };
  }
}

const count = (kinds: string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
  return out;
};

const readJson = <T>(file: string): T | null => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
};
