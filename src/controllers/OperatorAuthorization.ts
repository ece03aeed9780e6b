import { createParamDecorator, ExecutionContext } from "@nestjs/common";

/**
 * The `Authorization` header of an operator route, or null. Not part of the SDK's parameters:
 * an SDK user sets it on the connection, `connection.headers.Authorization = "Bearer …"`.
 */
export const OperatorAuthorization = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
  return typeof value === "string" ? value : null;
});
