import { FastifyReply, FastifyRequest, LogController } from "fastify";

/**
 * One access line per request, written when it is answered: Fastify's "request completed"
 * line with the request's method, URL and address in it, and no "incoming request" line
 * (half the logging cost of a request). A 5xx is still logged apart, with its stack, by
 * PaymentExceptionFilter under the same `reqId`.
 */
export class AccessLog extends LogController {
  public override incomingRequest(): void {}

  public override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
  }
}
