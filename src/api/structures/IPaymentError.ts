import type { IPaymentHistory } from "./IPaymentHistory";

/** Body of every error answer. `code` is stable and machine-readable; `message` is for people. */
export interface IPaymentError {
  code: string;
  message: string;
  /**
   * On every error a PG caused (a refusal, a decline, a PG that did not answer): the PG's own
   * code and message, as it sent them (e.g. Toss `REJECT_CARD_COMPANY`, Iamport `3011`,
   * PortOne `LIMIT_EXCEEDED`). For a PG that did not answer, the code is ours: `TIMEOUT`,
   * `NETWORK`, or `CIRCUIT_OPEN` when the call was held back and never sent.
   */
  pg?: IPaymentError.IPg;
  /**
   * On `202 PAYMENT_PENDING`: the pending record a repeat of the call found. On `409
   * STALE_BALANCE`: the record as the PG now holds it.
   */
  history?: IPaymentHistory | IPaymentHistory.IPending;
  /** On `422 PG_BALANCE_INSUFFICIENT`: what the PG can pay out now (its available balance). */
  available?: number;
  /** On `422 PG_BALANCE_INSUFFICIENT`: what the payout would have paid. */
  amount?: number;
}
export namespace IPaymentError {
  /** A PG's own words. */
  export interface IPg {
    code: string;
    message: string;
  }
}
