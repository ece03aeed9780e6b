import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from "@nestjs/common";
import type { FastifyReply } from "fastify";
import { IValidation } from "typia";

import { ITossError } from "../../api/structures/toss/ITossError";

/**
 * An error the fake answers exactly as Toss does: HTTP status plus `{code, message}`.
 * Codes, statuses and messages follow https://docs.tosspayments.com/reference/error-codes;
 * where the docs name no code for a case, the comment at the throw says so.
 */
export class FakeTossError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }

  public body(): ITossError {
    return { code: this.code, message: this.message };
  }

  public static invalid(reason?: string): FakeTossError {
    return new FakeTossError(400, "INVALID_REQUEST", reason ? `잘못된 요청입니다. ${reason}` : "잘못된 요청입니다.");
  }
  public static validation(errors: IValidation.IError[]): FakeTossError {
    const first = errors[0];
    return FakeTossError.invalid(
      first ? `(${first.path.replace(/^\$input\.?/, "") || "body"}: expected ${first.expected})` : undefined,
    );
  }
}
export namespace FakeTossError {
  const e = (status: number, code: string, message: string) => () => new FakeTossError(status, code, message);
  export const UNAUTHORIZED_KEY = e(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.");
  export const NOT_FOUND_PAYMENT = e(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.");
  export const NOT_FOUND_PAYMENT_SESSION = e(
    404,
    "NOT_FOUND_PAYMENT_SESSION",
    "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.",
  );
  export const ALREADY_PROCESSED_PAYMENT = e(400, "ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.");
  export const ALREADY_CANCELED_PAYMENT = e(400, "ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다.");
  export const NOT_CANCELABLE_AMOUNT = e(403, "NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.");
  export const NOT_CANCELABLE_PAYMENT = e(403, "NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.");
  export const DUPLICATED_ORDER_ID = e(
    400,
    "DUPLICATED_ORDER_ID",
    "이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.",
  );
  export const NOT_MATCHES_CUSTOMER_KEY = e(
    400,
    "NOT_MATCHES_CUSTOMER_KEY",
    "빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다.",
  );
  export const INVALID_REFUND_ACCOUNT_NUMBER = e(400, "INVALID_REFUND_ACCOUNT_NUMBER", "잘못된 환불 계좌번호입니다.");
  export const INVALID_REFUND_ACCOUNT_INFO = e(
    400,
    "INVALID_REFUND_ACCOUNT_INFO",
    "환불 계좌번호와 예금주명이 일치하지 않습니다.",
  );
  export const REJECT_CARD_COMPANY = e(403, "REJECT_CARD_COMPANY", "결제 승인이 거절되었습니다.");
  export const INVALID_CARD_NUMBER = e(400, "INVALID_CARD_NUMBER", "카드번호를 다시 확인해주세요.");
  export const INVALID_STOPPED_CARD = e(400, "INVALID_STOPPED_CARD", "정지된 카드 입니다.");
  export const REJECT_CARD_PAYMENT = e(403, "REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족으로 결제에 실패했습니다.");
  export const BELOW_MINIMUM_AMOUNT = e(
    400,
    "BELOW_MINIMUM_AMOUNT",
    "신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다.",
  );
  export const FAILED_INTERNAL_SYSTEM_PROCESSING = e(
    500,
    "FAILED_INTERNAL_SYSTEM_PROCESSING",
    "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.",
  );
}

/** Every error leaves the fake as Toss's `{code, message}`, never as Nest's default body. */
@Catch()
export class FakeTossExceptionFilter implements ExceptionFilter {
  public catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = FakeTossExceptionFilter.convert(exception);
    void reply.status(error.status).header("content-type", "application/json; charset=utf-8").send(error.body());
  }

  public static convert(exception: unknown): FakeTossError {
    if (exception instanceof FakeTossError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Unknown routes: Toss answers 404 with a generic code (docs silent on the exact one).
      if (status === 404) return new FakeTossError(404, "NOT_FOUND", "존재하지 않는 정보 입니다.");
      if (status < 500) return FakeTossError.invalid();
    }
    // Fastify's own 4xx (malformed JSON, empty body, body too large)
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500)
      return FakeTossError.invalid();
    return FakeTossError.FAILED_INTERNAL_SYSTEM_PROCESSING();
  }
}
