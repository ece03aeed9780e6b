import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";

import { PaymentContext } from "../PaymentContext";
import { PgPaymentSweep } from "./PgPaymentSweep";
import { WorkerRuns } from "./WorkerRuns";

/**
 * The workers' sweep of the PGs' listings: every `PG_SWEEP_INTERVAL_SECONDS`, by one
 * instance at a time (`worker_runs`), however many instances run workers.
 */
@Injectable()
export class PgEdgeWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly runs: WorkerRuns;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PgPaymentSweep) private readonly sweeps: PgPaymentSweep,
  ) {
    this.runs = new WorkerRuns(ctx.database);
  }

  public onApplicationBootstrap(): void {
    if (!this.ctx.config.workers || this.ctx.config.edge.sweep_interval_seconds === 0) return;
    this.stopped = false;
    this.schedule();
  }

  public async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
  }

  /** Look often whether the shared schedule says a sweep is due (a tenth of the interval, 1–30 s). */
  private schedule(): void {
    if (this.stopped) return;
    const interval = this.ctx.config.edge.sweep_interval_seconds;
    const look = Math.min(30_000, Math.max(1_000, (interval * 1000) / 10));
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, look);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const interval = this.ctx.config.edge.sweep_interval_seconds;
    try {
      // Held for a few intervals: a sweep outliving that is taken again by another instance.
      if (!(await this.runs.claim("pg_sweep", interval, Math.max(300, interval * 3)))) return;
      let outcome = "failed";
      try {
        const result = await this.sweeps.sweep();
        outcome = JSON.stringify(result);
        this.ctx.logger.info({ worker: "sweep", ...result }, "swept the PGs' listings");
      } finally {
        await this.runs.finish("pg_sweep", outcome);
      }
    } catch (exp) {
      if (!this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: "sweep", err: exp }, "the sweep of the PGs' listings failed");
    }
  }
}
