import { TypedRoute } from "@nestia/core";
import { Controller, Inject } from "@nestjs/common";

import type { IMonitorHealth } from "../api/structures/IMonitorHealth";
import { PaymentContext } from "../providers/PaymentContext";
import { PaymentError } from "../utils/PaymentError";

/** Plain (unencrypted) probes for load balancers and orchestrators. */
@Controller("monitors")
export class MonitorsController {
  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  /**
   * Liveness: the process answers.
   *
   * @tag monitors
   */
  @TypedRoute.Get("health")
  public health(): IMonitorHealth {
    return { status: "ok", database: this.ctx.database.kind, uptime: Math.floor(process.uptime()) };
  }

  /**
   * Readiness: the database answers a query.
   *
   * @tag monitors
   */
  @TypedRoute.Get("ready")
  public async ready(): Promise<IMonitorHealth> {
    try {
      await this.ctx.database.query("SELECT 1");
    } catch {
      throw new PaymentError(503, "INTERNAL", "The database does not answer.");
    }
    return { status: "ok", database: this.ctx.database.kind, uptime: Math.floor(process.uptime()) };
  }
}
