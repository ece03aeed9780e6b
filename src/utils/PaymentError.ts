/**
 * The one error type of the API. Every 4xx/5xx body is `{code, message}`: `code` is a stable
 * machine code (see ErrorCode), `message` is for people and may change.
 */
export class PaymentError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    message: string,
    /**
     * A final answer even though it is a 5xx: the outcome at the PG is unknown and a blind
     * re-run could move money twice, so an Idempotency-Key keeps this answer (see
     * IdempotencyProvider) instead of letting a repeat run the call again.
     */
    public readonly final: boolean = false,
    /** More of the answer, beside `code` and `message` (e.g. the pending record of a 202). */
    public readonly details: Record<string, unknown> | null = null,
    /** Seconds after which asking again makes sense: sent as `Retry-After`. */
    public readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = "PaymentError";
  }
}

/** Stable machine codes. Adding one is fine; renaming one breaks callers. */
export type ErrorCode =
  // transport and input
  | "ENCRYPTION_FAILED"
  | "INVALID_BODY"
  | "INVALID_CONTENT_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "ROUTE_NOT_FOUND"
  // records
  | "NOT_FOUND"
  | "TOO_MANY_ATTEMPTS"
  | "DUPLICATE_SOURCE"
  | "DUPLICATE_PG_PAYMENT"
  | "DUPLICATE_RESERVATION"
  | "RESERVATION_REVOKED"
  // verification against the PG
  | "UNKNOWN_STORE"
  | "PG_PAYMENT_NOT_FOUND"
  | "PG_BILLING_NOT_FOUND"
  | "AMOUNT_MISMATCH"
  | "ORDER_ID_MISMATCH"
  | "CURRENCY_MISMATCH"
  | "PAYMENT_NOT_PAID"
  | "PG_REJECTED"
  | "PG_UNAVAILABLE"
  | "PAYMENT_PENDING"
  | "PG_MISCONFIGURED"
  | "UNSUPPORTED_BY_PG"
  // cash receipts
  | "CASH_RECEIPT_NOT_ALLOWED"
  | "CASH_RECEIPT_EXISTS"
  | "CASH_RECEIPT_NOT_FOUND"
  // escrow
  | "ESCROW_NOT_FOUND"
  | "ESCROW_CLOSED"
  // schedules
  | "SCHEDULE_NOT_FOUND"
  | "SCHEDULE_CLOSED"
  // lifecycle: prepare, cancels, idempotency
  | "PREPARED_ORDER_MISMATCH"
  | "CANCEL_EXCEEDS_BALANCE"
  | "STALE_BALANCE"
  | "NOT_CANCELABLE"
  | "REFUND_ACCOUNT_REQUIRED"
  | "IDEMPOTENCY_KEY_REUSED"
  | "IDEMPOTENCY_IN_PROGRESS"
  // settlements
  | "SETTLEMENT_INVALID"
  | "SETTLEMENT_EXCEEDS_PRICE"
  | "NOTHING_TO_PAY_OUT"
  | "PAYOUT_NOT_FOUND"
  | "PAYOUT_ALREADY_REPORTED"
  | "PAYOUT_EXECUTED_BY_PG"
  | "OPERATOR_FORBIDDEN"
  | "PAYOUT_NOT_CANCELLABLE"
  | "PG_BALANCE_INSUFFICIENT"
  | "SELLER_NOT_FOUND"
  | "SELLER_ALREADY_REGISTERED"
  | "SELLER_INVALID"
  | "SELLER_NOT_PAYABLE"
  | "SELLER_LIMIT_EXCEEDED"
  // webhooks
  | "WEBHOOK_URL_REFUSED"
  | "WEBHOOK_EVENT_NOT_FOUND"
  | "INVALID_SIGNATURE"
  // operations
  | "OPERATOR_UNAUTHORIZED"
  | "SHUTTING_DOWN"
  | "DATABASE_UNAVAILABLE"
  | "INTERNAL";
