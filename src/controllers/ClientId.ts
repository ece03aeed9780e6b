import { createParamDecorator, ExecutionContext } from "@nestjs/common";

import { ClientKeyring } from "../providers/security/ClientKeyring";

/** The calling service's id, as authenticated by its transport key. Not part of the SDK's parameters. */
export const ClientId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  ClientKeyring.clientOfRequest(context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers),
);
