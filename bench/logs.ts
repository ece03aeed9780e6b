import pino from "pino";

import { LOG_REDACTION } from "../src/PaymentBackend";

/**
 * What one access line costs, with the server's redaction and without it: the same
 * request-shaped object logged by a child logger (as Fastify's per-request one) into
 * /dev/null, synchronously so that the write is counted where it happens. Returns a line.
 */
export function benchLogs(): string {
  const line = {
    req: { method: "PATCH", url: "/payments/histories/3cfaac88-d005-49eb-90c4-1c0c66712ee0", host: "127.0.0.1:27101", remoteAddress: "127.0.0.1", remotePort: 51234 },
    res: { statusCode: 200 },
    responseTime: 3.2,
  };
  const perLine = (redact: boolean): number => {
    const logger = pino({ level: "info", ...(redact ? { redact: LOG_REDACTION } : {}) }, pino.destination({ dest: "/dev/null", sync: true }));
    const child = logger.child({ reqId: "3cfaac88-d005-49eb-90c4-1c0c66712ee0" });
    for (let i = 0; i < 20_000; ++i) child.info(line, "request completed");
    const n = 200_000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; ++i) child.info(line, "request completed");
    return Number(process.hrtime.bigint() - started) / n / 1000;
  };
  const plain = perLine(false);
  const redacted = perLine(true);
  return `logs: an access line costs ${redacted.toFixed(1)} µs with the server's redaction, ${plain.toFixed(1)} µs without (×${(redacted / plain).toFixed(1)}; 200,000 lines into /dev/null)`;
}
