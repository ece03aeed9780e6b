import { createParamDecorator, ExecutionContext } from "@nestjs/common";

/**
 * The `Idempotency-Key` request header, or null. Not part of the SDK's parameters: an SDK
 * user sets it on the connection, `connection.headers["Idempotency-Key"] = key`.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers["idempotency-key"];
  return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : null;
});
