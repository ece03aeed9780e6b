import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/** How the workers follow the payouts a PG executes. */
export interface IPayoutConfiguration {
  /** How often the workers look for payouts to re-read at their PG, in ms. */
  poll_interval_ms: number & tags.Type<"uint32"> & tags.Minimum<50>;
  /**
   * A payout the PG has not closed is re-read this long (by the server's clock) after it was
   * last asked: its webhook may be lost, or its request's answer was.
   */
  recheck_seconds: number & tags.Type<"uint32"> & tags.Minimum<1>;
}

export namespace PayoutConfiguration {
  export const ENVIRONMENT = {
    PAYOUT_POLL_INTERVAL_MS: "how often the workers look for seller payouts to re-read at their PG (10000)",
    PAYOUT_RECHECK_SECONDS: "a payout the PG has not closed is re-read this long after it was last asked (600)",
  } as const;

  export const PATHS: [RegExp, string][] = [
    [/^payout\.poll_interval/, "PAYOUT_POLL_INTERVAL_MS"],
    [/^payout\.recheck_seconds/, "PAYOUT_RECHECK_SECONDS"],
  ];

  export const read = (r: IEnvironmentReader): IPayoutConfiguration => ({
    poll_interval_ms: r.int("PAYOUT_POLL_INTERVAL_MS", 10_000),
    recheck_seconds: r.int("PAYOUT_RECHECK_SECONDS", 600),
  });
}
