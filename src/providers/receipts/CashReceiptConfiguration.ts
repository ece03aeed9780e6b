import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/** How the workers issue and cancel cash receipts that a policy or a refund makes due. */
export interface ICashReceiptConfiguration {
  /**
   * Waits before each new try of a receipt whose PG did not answer, in ms; after the last the
   * receipt is `failed` (`cash_receipt.failed`) and left to the shop.
   */
  retry_delays_ms: (number & tags.Type<"uint32">)[] & tags.MinItems<1>;
  /** How often the workers look for receipts due (they are also woken when one is made due), in ms. */
  poll_interval_ms: number & tags.Type<"uint32"> & tags.Minimum<50>;
}

export namespace CashReceiptConfiguration {
  export const ENVIRONMENT = {
    CASH_RECEIPT_RETRY_DELAYS_MS: "waits before each new try of a cash receipt whose PG did not answer, comma-separated ms; then it is failed (60000,300000,1800000,7200000,21600000)",
    CASH_RECEIPT_POLL_INTERVAL_MS: "how often the workers look for cash receipts due (5000)",
  } as const;

  export const PATHS: [RegExp, string][] = [
    [/^cash_receipt\.retry_delays/, "CASH_RECEIPT_RETRY_DELAYS_MS"],
    [/^cash_receipt\.poll_interval/, "CASH_RECEIPT_POLL_INTERVAL_MS"],
  ];

  export const read = (r: IEnvironmentReader): ICashReceiptConfiguration => ({
    retry_delays_ms:
      r.env.CASH_RECEIPT_RETRY_DELAYS_MS !== undefined && r.env.CASH_RECEIPT_RETRY_DELAYS_MS !== ""
        ? r.env.CASH_RECEIPT_RETRY_DELAYS_MS.split(",").map((x) => Number(x.trim()))
        : [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000],
    poll_interval_ms: r.int("CASH_RECEIPT_POLL_INTERVAL_MS", 5_000),
  });
}
