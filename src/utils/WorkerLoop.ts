import type { PaymentContext } from "../providers/PaymentContext";

/**
 * A worker's run every `intervalMs`, one at a time: the next is scheduled when the last ends,
 * a failure is logged (once per database outage) and never stops the loop, and `stop` waits
 * for the run in progress, so that a shutdown never cuts one off.
 */
export class WorkerLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  public constructor(
    private readonly ctx: PaymentContext,
    private readonly name: string,
    private readonly intervalMs: () => number,
    private readonly run: () => Promise<unknown>,
  ) {}

  public start(): void {
    this.stopped = false;
    this.schedule();
  }

  public async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run()
        .catch((exp: unknown) => {
          if (!this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: this.name, err: exp instanceof Error ? exp.message : String(exp) }, `${this.name} run failed`);
        })
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.intervalMs());
    this.timer.unref();
  }
}
