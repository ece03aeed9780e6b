import { Controller, Get, Header, Inject } from "@nestjs/common";

import { WebhookMetrics } from "../providers/webhooks/WebhookMetrics";

/** Prometheus scrape endpoint: plain, operator-only (keep it off the public network). */
@Controller("metrics")
export class MetricsController {
  public constructor(@Inject(WebhookMetrics) private readonly metrics: WebhookMetrics) {}

  /**
   * Prometheus text exposition.
   *
   * @ignore
   */
  @Get()
  @Header("content-type", "text/plain; version=0.0.4; charset=utf-8")
  public metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
