import { Controller, HttpCode, Inject, Param, Post, Req } from "@nestjs/common";
import type { FastifyRequest } from "fastify";

import { PgWebhookInboxProvider } from "../providers/inbox/PgWebhookInboxProvider";
import { WebhookMetrics } from "../providers/webhooks/WebhookMetrics";

/**
 * Inbound webhooks from the PGs, at `/payments/webhooks/<gateway's path>` (`toss`,
 * `iamport`, `portone`): plain (PGs cannot encrypt), JSON or form-urlencoded. Answered 200 as
 * soon as the request is stored, so that the PG stops retrying; what it says is verified with
 * the PG afterwards. A signed webhook whose signature fails is answered 401. Not part of the SDK (`@ignore`): only PGs call these.
 */
@Controller("payments/webhooks")
export class PgWebhooksController {
  public constructor(
    @Inject(PgWebhookInboxProvider) private readonly inbox: PgWebhookInboxProvider,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
  ) {}

  /**
   * A PG's webhook: Toss (`PAYMENT_STATUS_CHANGED`, `DEPOSIT_CALLBACK`), Iamport (`notice_url`),
   * PortOne V2 (Standard Webhooks, version 2024-04-25).
   *
   * @ignore
   */
  @Post(":gateway")
  @HttpCode(200)
  public async receive(@Param("gateway") gateway: string, @Req() request: FastifyRequest): Promise<{ received: true }> {
    const { vendor } = await this.inbox.receive(gateway, request.headers, raw(request), request.body);
    this.metrics.inbound.inc({ vendor });
    return { received: true };
  }
}

/** The bytes as received (Nest keeps them with `rawBody: true`), else the parsed body. */
const raw = (request: FastifyRequest): string => {
  const buffer = (request as FastifyRequest & { rawBody?: Buffer }).rawBody;
  if (Buffer.isBuffer(buffer)) return buffer.toString("utf8");
  return typeof request.body === "string" ? request.body : JSON.stringify(request.body ?? null);
};
