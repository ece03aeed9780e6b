import { createParamDecorator, ExecutionContext } from "@nestjs/common";
import type { FastifyRequest } from "fastify";
import { IValidation } from "typia";

import { FakeTossError } from "../FakeTossError";
import type { IFakeTossStore } from "../FakeTossService";

/** The merchant the request's Basic auth resolved to (set by FakeToss's onRequest hook). */
export const TossStore = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IFakeTossStore =>
    (ctx.switchToHttp().getRequest<FastifyRequest>() as FastifyRequest & { tossStore: IFakeTossStore }).tossStore,
);

/** Unwrap a typia validation, answering Toss's 400 INVALID_REQUEST on failure. */
export const valid = <T>(result: IValidation<T>): T => {
  if (result.success) return result.data;
  throw FakeTossError.validation(result.errors);
};
