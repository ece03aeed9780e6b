import { TypedRoute } from "@nestia/core";
import { Controller, Inject } from "@nestjs/common";

import type { IMonitorHealth } from "../api/structures/IMonitorHealth";
import type { IMonitorPerformance } from "../api/structures/IMonitorPerformance";
import type { IMonitorSystem } from "../api/structures/IMonitorSystem";
import { MonitorProvider } from "../providers/monitors/MonitorProvider";
import { PaymentContext } from "../providers/PaymentContext";
import { DatabaseOutage } from "../db/DatabaseOutage";
import { PaymentError } from "../utils/PaymentError";
import { OperatorAuthorization } from "./OperatorAuthorization";

/**
 * Plain (unencrypted) monitors: `health` and `ready` for load balancers and orchestrators;
 * `performance` and `system` for operators, with the operator credential
 * (`connection.headers.Authorization = "Bearer <OPERATOR_TOKEN>"`).
 */
@Controller("monitors")
export class MonitorsController {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(MonitorProvider) private readonly monitors: MonitorProvider,
  ) {}

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
   * Readiness: the database answers a query (else 503 DATABASE_UNAVAILABLE), and the process is
   * not shutting down (a draining worker answers 503 SHUTTING_DOWN so that a balancer stops
   * sending it requests). Neither is logged as an error.
   *
   * @tag monitors
   */
  @TypedRoute.Get("ready")
  public async ready(): Promise<IMonitorHealth> {
    if (this.ctx.draining) throw new PaymentError(503, "SHUTTING_DOWN", "This instance is shutting down.");
    if (this.ctx.outage.down) throw DatabaseOutage.error();
    try {
      await this.ctx.database.query("SELECT 1");
    } catch (exp) {
      this.ctx.outage.noted(exp);
      throw DatabaseOutage.error();
    }
    return { status: "ok", database: this.ctx.database.kind, uptime: Math.floor(process.uptime()) };
  }

  /**
   * CPU, memory, event-loop delay and utilisation, handles of the worker that answers.
   * Operator credential required (401 OPERATOR_UNAUTHORIZED).
   *
   * @tag monitors
   */
  @TypedRoute.Get("performance")
  public performance(@OperatorAuthorization() authorization: string | null): IMonitorPerformance {
    this.monitors.authorize(authorization);
    return this.monitors.performance();
  }

  /**
   * Version, commit, build and start times, Node.js version, database kind and migration
   * level. Operator credential required (401 OPERATOR_UNAUTHORIZED).
   *
   * @tag monitors
   */
  @TypedRoute.Get("system")
  public system(@OperatorAuthorization() authorization: string | null): Promise<IMonitorSystem> {
    this.monitors.authorize(authorization);
    return this.monitors.system();
  }
}
