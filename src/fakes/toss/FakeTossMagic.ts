/**
 * Magic test data of the fake. Any other 13..20-digit card number is approved.
 *
 * | card number        | effect (key-in, confirm of a window payment, billing charge)      |
 * | ------------------ | ----------------------------------------------------------------- |
 * | 4000000000000002   | 403 REJECT_CARD_COMPANY (declined by the issuer)                  |
 * | 4000000000000028   | 400 INVALID_CARD_NUMBER (also refused at billing-key issue)       |
 * | 4000000000000036   | 400 INVALID_STOPPED_CARD                                          |
 * | 4000000000000051   | 403 REJECT_CARD_PAYMENT (limit or balance: a decline that recovers) |
 * | 4000000000000500   | 500 FAILED_INTERNAL_SYSTEM_PROCESSING, nothing happens            |
 * | 4000000000000408   | APPROVED, but the answer is held `magicHangMs` (default 60 s):    |
 * |                    | the client times out with an unknown outcome to reconcile          |
 *
 * | refund account     | effect on cancel of a deposited virtual account                   |
 * | ------------------ | ----------------------------------------------------------------- |
 * | 9999999999         | 400 INVALID_REFUND_ACCOUNT_INFO (holder name does not match)      |
 * | not 6..20 digits   | 400 INVALID_REFUND_ACCOUNT_NUMBER                                 |
 */
export namespace FakeTossMagic {
  export const DECLINED_CARD = "4000000000000002";
  export const INVALID_CARD = "4000000000000028";
  export const STOPPED_CARD = "4000000000000036";
  export const LIMIT_CARD = "4000000000000051";
  export const SERVER_ERROR_CARD = "4000000000000500";
  export const TIMEOUT_CARD = "4000000000000408";
  /** The default card of window payments and billing auths when none is given. */
  export const GOOD_CARD = "4330123412341234";
  export const MISMATCHED_REFUND_ACCOUNT = "9999999999";
}
