import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";

import { WorkerLoop } from "../../utils/WorkerLoop";
import { PaymentContext } from "../PaymentContext";
import { PayoutExecutionProvider } from "./PayoutExecutionProvider";

/** Re-reads, on every instance with workers, the payouts their PG has not closed (see `PayoutExecutionProvider.recheck`). */
@Injectable()
export class PayoutWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: WorkerLoop;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PayoutExecutionProvider) executions: PayoutExecutionProvider,
  ) {
    this.loop = new WorkerLoop(ctx, "payouts", () => ctx.config.payout.poll_interval_ms, () => executions.recheck());
  }

  public onApplicationBootstrap(): void {
    if (this.ctx.config.workers) this.loop.start();
  }

  public beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
