import { Inject, Injectable } from "@nestjs/common";

import type { ISandboxClock } from "../../api/structures/ISandboxClock";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";

/** The movable clock of a sandbox server; a production server has none to move. */
@Injectable()
export class SandboxClockProvider {
  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public read(): ISandboxClock {
    this.sandboxOnly();
    return { now: this.ctx.clock.now().toISOString(), offset_ms: this.ctx.clock.offset() };
  }

  public move(input: ISandboxClock.IMove): ISandboxClock {
    this.sandboxOnly();
    this.ctx.clock.set(input.at === null ? null : new Date(input.at));
    this.ctx.logger.info({ event: "sandbox.clock_moved", at: input.at }, input.at === null ? "the sandbox clock is back on real time" : `the sandbox clock moved to ${input.at}`);
    return this.read();
  }

  private sandboxOnly(): void {
    if (!this.ctx.config.sandbox) throw new PaymentError(404, "ROUTE_NOT_FOUND", "Only a sandbox server (SANDBOX=true) has a movable clock: this one runs on real time.");
  }
}
