import { FastifyReply, FastifyRequest, LogController } from "fastify";
import pino from "pino";

/**
 * One access line per request, written when it is answered: Fastify's "request completed"
 * line with the request's method, URL and address in it, and no "incoming request" line
 * (half the logging cost of a request). A 5xx is still logged apart, with its stack, by
 * PaymentExceptionFilter under the same `reqId`.
 *
 * A successful request's line is made of known scalars only (never headers or bodies), so it
 * goes through `plain`, a logger on the same stream without the redaction paths: walking them
 * cost a quarter of a read's logging and could never match here. A failed request's line holds
 * an error of unknown shape and goes through the request's own, redacting logger.
 */
export class AccessLog extends LogController {
  public constructor(private readonly plain: pino.Logger) {
    super();
  }

  public override incomingRequest(): void {}

  public override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
      return;
    }
    // The request's own logger holds the level that applies to it (a route may set its own).
    if (!(reply.log as pino.Logger).isLevelEnabled("info")) return;
    const socket = request.raw.socket;
    this.plain.info(
      {
        reqId: request.id,
        req: {
          method: request.method,
          url: request.url,
          host: request.host,
          remoteAddress: request.ip,
          remotePort: socket?.remotePort,
        },
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      "request completed",
    );
  }
}
