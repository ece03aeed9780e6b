/**
 * Error body of every Toss Payments v1 API failure, and `Payment.failure`.
 *
 * @reference https://docs.tosspayments.com/reference/error-codes
 */
export interface ITossError {
  /** Machine code, e.g. `NOT_FOUND_PAYMENT`, `ALREADY_PROCESSED_PAYMENT`. */
  code: string;
  /** Human-readable (Korean) message. */
  message: string;
}
