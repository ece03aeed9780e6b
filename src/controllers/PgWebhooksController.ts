import { Controller, HttpCode, Inject, Post, Req } from "@nestjs/common";
import type { FastifyRequest } from "fastify";

import { WebhookInboxProvider } from "../providers/webhooks/WebhookInboxProvider";
import { WebhookMetrics } from "../providers/webhooks/WebhookMetrics";

/**
 * Inbound webhooks from the PGs: plain (PGs cannot encrypt), JSON, and form-urlencoded for
 * Iamport. Answered 200 as soon as the request is stored, so that the PG stops retrying;
 * what it says is verified with the PG afterwards. Not part of the SDK (`@ignore`): only PGs
 * call these.
 */
@Controller("payments/webhooks")
export class PgWebhooksController {
  public constructor(
    @Inject(WebhookInboxProvider) private readonly inbox: WebhookInboxProvider,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
  ) {}

  /**
   * Toss Payments webhook (`PAYMENT_STATUS_CHANGED`, `DEPOSIT_CALLBACK`).
   *
   * @ignore
   */
  @Post("toss")
  @HttpCode(200)
  public async toss(@Req() request: FastifyRequest): Promise<{ received: true }> {
    await this.inbox.receive("toss.payments", request.headers, raw(request), request.body);
    this.metrics.inbound.inc({ vendor: "toss.payments" });
    return { received: true };
  }

  /**
   * Iamport (PortOne V1) notification (`notice_url`).
   *
   * @ignore
   */
  @Post("iamport")
  @HttpCode(200)
  public async iamport(@Req() request: FastifyRequest): Promise<{ received: true }> {
    await this.inbox.receive("iamport", request.headers, raw(request), request.body);
    this.metrics.inbound.inc({ vendor: "iamport" });
    return { received: true };
  }
}

/** The bytes as received (Nest keeps them with `rawBody: true`), else the parsed body. */
const raw = (request: FastifyRequest): string => {
  const buffer = (request as FastifyRequest & { rawBody?: Buffer }).rawBody;
  if (Buffer.isBuffer(buffer)) return buffer.toString("utf8");
  return typeof request.body === "string" ? request.body : JSON.stringify(request.body ?? null);
};
