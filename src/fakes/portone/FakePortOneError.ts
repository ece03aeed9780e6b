import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from "@nestjs/common";
import type { FastifyReply } from "fastify";
import { IValidation } from "typia";

/**
 * An error the fake answers as PortOne V2 does: the HTTP status its API reference lists for
 * the case, and `{type, message}` (`type` is the error's name in SCREAMING_SNAKE_CASE).
 * https://developers.portone.io/api/rest-v2/payment (the errors of each operation)
 */
export class FakePortOneError extends Error {
  public constructor(
    public readonly status: number,
    public readonly type: string,
    message: string,
    private readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }

  public body(): { type: string; message: string } {
    return { type: this.type, message: this.message, ...this.extra };
  }

  public static validation(errors: IValidation.IError[]): FakePortOneError {
    const first = errors[0];
    return FakePortOneError.INVALID_REQUEST(first ? `${first.path.replace(/^\$input\.?/, "") || "body"}: expected ${first.expected}` : "잘못된 요청입니다.");
  }
}
export namespace FakePortOneError {
  export const INVALID_REQUEST = (message: string) => new FakePortOneError(400, "INVALID_REQUEST", message);
  export const UNAUTHORIZED = () => new FakePortOneError(401, "UNAUTHORIZED", "인증 정보가 올바르지 않습니다.");
  export const FORBIDDEN = () => new FakePortOneError(403, "FORBIDDEN", "요청이 거절되었습니다.");
  export const PAYMENT_NOT_FOUND = () => new FakePortOneError(404, "PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.");
  export const BILLING_KEY_NOT_FOUND = () => new FakePortOneError(404, "BILLING_KEY_NOT_FOUND", "빌링키가 존재하지 않습니다.");
  export const ALREADY_PAID = () => new FakePortOneError(409, "ALREADY_PAID", "결제가 이미 완료되었습니다.");
  export const PAYMENT_NOT_PAID = () => new FakePortOneError(409, "PAYMENT_NOT_PAID", "결제가 완료되지 않았습니다.");
  export const PAYMENT_ALREADY_CANCELLED = () => new FakePortOneError(409, "PAYMENT_ALREADY_CANCELLED", "결제가 이미 취소되었습니다.");
  export const CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN = () =>
    new FakePortOneError(409, "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", "취소 가능 잔액 검증에 실패했습니다.");
  export const CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT = () =>
    new FakePortOneError(409, "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT", "결제 취소 금액이 취소 가능 금액을 초과했습니다.");
  export const BILLING_KEY_ALREADY_DELETED = () => new FakePortOneError(409, "BILLING_KEY_ALREADY_DELETED", "빌링키가 이미 삭제되었습니다.");
  export const PG_PROVIDER = (pgCode: string, pgMessage: string) =>
    new FakePortOneError(502, "PG_PROVIDER", "PG사에서 오류를 전달했습니다.", { pgCode, pgMessage });
}

/** Every error in PortOne's shape, a route it does not have included. */
@Catch()
export class FakePortOneExceptionFilter implements ExceptionFilter {
  public catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error =
      exception instanceof FakePortOneError
        ? exception
        : exception instanceof HttpException && exception.getStatus() === 404
          ? new FakePortOneError(404, "NOT_FOUND", "요청한 경로가 존재하지 않습니다.") // FAKE DIFFERS: the real API's answer to an unknown route is not documented
          : exception instanceof HttpException && exception.getStatus() < 500
            ? FakePortOneError.INVALID_REQUEST(exception.message)
            : new FakePortOneError(500, "INTERNAL", exception instanceof Error ? exception.message : String(exception));
    void reply.code(error.status).header("content-type", "application/json; charset=utf-8").send(error.body());
  }
}
