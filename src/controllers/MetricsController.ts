import { Controller, Get, Header, Inject } from "@nestjs/common";

import { MonitorProvider } from "../providers/monitors/MonitorProvider";
import { PaymentContext } from "../providers/PaymentContext";
import { OperatorAuthorization } from "./OperatorAuthorization";

/** Prometheus scrape endpoint: plain, with the operator credential (or METRICS_PORT, unauthenticated, per worker). */
@Controller("metrics")
export class MetricsController {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(MonitorProvider) private readonly monitors: MonitorProvider,
  ) {}

  /**
   * Prometheus text exposition.
   *
   * @ignore
   */
  @Get()
  @Header("content-type", "text/plain; version=0.0.4; charset=utf-8")
  public metricsText(@OperatorAuthorization() authorization: string | null): Promise<string> {
    this.monitors.authorize(authorization);
    return this.ctx.metrics.registry.metrics();
  }
}
