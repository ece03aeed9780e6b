import { createParamDecorator, ExecutionContext } from "@nestjs/common";
import type { FastifyRequest } from "fastify";
import { IValidation } from "typia";

import { FakePortOneError } from "../FakePortOneError";
import type { IFakePortOneStore } from "../FakePortOneService";

/** The store the request's API secret resolved to (set by FakePortOne's onRequest hook). */
export const PortOneStore = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IFakePortOneStore =>
    (ctx.switchToHttp().getRequest<FastifyRequest>() as FastifyRequest & { portoneStore: IFakePortOneStore }).portoneStore,
);

/** Unwrap a typia validation, answering PortOne's 400 INVALID_REQUEST on failure. */
export const valid = <T>(result: IValidation<T>): T => {
  if (result.success) return result.data;
  throw FakePortOneError.validation(result.errors);
};

/** A `storeId` the secret has no access to is refused, as PortOne does (403 FORBIDDEN). */
export const sameStore = (store: IFakePortOneStore, storeId: string | undefined): void => {
  if (storeId !== undefined && storeId !== store.storeId) throw FakePortOneError.FORBIDDEN();
};
