import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";

import { WorkerLoop } from "../../utils/WorkerLoop";
import { PaymentContext } from "../PaymentContext";
import { PgPaymentSweep } from "./PgPaymentSweep";
import { TransactionReconciliation } from "./TransactionReconciliation";
import { WorkerRuns } from "./WorkerRuns";

/**
 * The workers' sweep of the PGs' listings (every `PG_SWEEP_INTERVAL_SECONDS`) and the daily
 * reconciliation of the day before's transactions (`DAILY_RECONCILIATION`), each by one
 * instance at a time on a schedule all share (`worker_runs`), however many run workers.
 */
@Injectable()
export class PgEdgeWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runs: WorkerRuns;
  private readonly loop: WorkerLoop;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PgPaymentSweep) private readonly sweeps: PgPaymentSweep,
    @Inject(TransactionReconciliation) private readonly reconciliation: TransactionReconciliation,
  ) {
    this.runs = new WorkerRuns(ctx.database);
    // Look often whether the shared schedule says a sweep is due (a tenth of the interval, 1–30 s).
    this.loop = new WorkerLoop(ctx, "pg_edge", () => Math.min(30_000, Math.max(1_000, ((ctx.config.edge.sweep_interval_seconds || 600) * 1000) / 10)), () => this.tick());
  }

  public onApplicationBootstrap(): void {
    if (!this.ctx.config.workers || (this.ctx.config.edge.sweep_interval_seconds === 0 && !this.ctx.config.edge.daily_reconciliation)) return;
    this.loop.start();
  }

  public beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  private async tick(): Promise<void> {
    if (this.ctx.config.edge.sweep_interval_seconds !== 0) await this.sweep();
    if (this.ctx.config.edge.daily_reconciliation) await this.daily();
  }

  /** Yesterday, Korea time (the PGs' business day), reconciled once a day; differences logged and counted. */
  private async daily(): Promise<void> {
    try {
      if (!(await this.runs.claim("transaction_reconciliation", 86_400, 3_600))) return;
      let outcome = "failed";
      try {
        const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
        const to = new Date(`${today}T00:00:00+09:00`);
        const report = await this.reconciliation.reconcile({ from: new Date(to.getTime() - 86_400_000).toISOString(), to: to.toISOString() });
        const differences = report.stores.reduce((n, s) => n + s.differences.length, 0);
        outcome = `${differences} differences, ${report.stores.filter((s) => s.failed !== null).length} stores unread`;
        for (const store of report.stores)
          if (store.differences.length !== 0 || store.failed !== null)
            this.ctx.logger.warn(
              { worker: "reconciliation", vendor: store.code, store_id: store.store_id, differences: store.differences.map((d) => ({ kind: d.kind, uid: d.uid })), failed: store.failed },
              "the PG's transactions differ from ours",
            );
        this.ctx.logger.info({ worker: "reconciliation", from: report.from, to: report.to, differences }, "reconciled the day's transactions with the PGs");
      } finally {
        await this.runs.finish("transaction_reconciliation", outcome);
      }
    } catch (exp) {
      if (!this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: "reconciliation", err: exp }, "the daily reconciliation of transactions failed");
    }
  }

  private async sweep(): Promise<void> {
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
