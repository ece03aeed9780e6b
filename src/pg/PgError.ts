import type { IPaymentVendor } from "../api/structures/IPaymentVendor";

/**
 * An error answered by (or on the way to) a payment gateway, already classified so that
 * providers can map it to our own error model without knowing the PG's codes.
 *
 * - `not_found`: the PG has no such payment / billing key / customer.
 * - `rejected`: the PG refused the request on business grounds (amount mismatch, already
 *   processed, not cancelable, declined card, ...). `pg_code` keeps the PG's own code.
 * - `unauthorized`: our credentials for that store were refused (operator problem).
 * - `unavailable`: the PG answered 5xx, timed out, or could not be reached. The outcome
 *   of a money-moving call is then UNKNOWN and must be reconciled, never assumed failed.
 */
export class PgError extends Error {
  public constructor(
    public readonly props: {
      vendor: IPaymentVendor.Code;
      kind: "not_found" | "rejected" | "unauthorized" | "unavailable";
      /** The PG's own machine code (e.g. `NOT_FOUND_PAYMENT`), or ours for transport faults (`TIMEOUT`, `NETWORK`). */
      pg_code: string;
      /** The PG's own message, safe to show to the calling service. */
      message: string;
      /** HTTP status the PG answered, `null` when there was no answer. */
      status: number | null;
    },
  ) {
    super(`${props.vendor} ${props.kind} ${props.pg_code}: ${props.message}`);
    this.name = "PgError";
  }
}
