import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/**
 * The PG's edge, where money moves without our API being called: the sweep of each PG's
 * listing (webhooks get lost), the orphans it finds (payments nobody registered), and the
 * daily reconciliation of transactions.
 */
export interface IPgEdgeConfiguration {
  /** How often the workers sweep every store's listing, in seconds; 0 turns the sweep off. */
  sweep_interval_seconds: number & tags.Type<"uint32">;
  /** How far back a sweep reads, in seconds (longer than the orphan grace). */
  sweep_window_seconds: number & tags.Type<"uint32"> & tags.Minimum<60>;
  /**
   * How long a paid payment may stay unregistered (no history, no prepared order) before it
   * is an orphan, in seconds (default 30 minutes).
   */
  orphan_grace_seconds: number & tags.Type<"uint32">;
  /** Reconcile yesterday's transactions of every store once a day (Korea time), by the workers. */
  daily_reconciliation: boolean;
}

export namespace PgEdgeConfiguration {
  export const ENVIRONMENT = {
    PG_SWEEP_INTERVAL_SECONDS: "how often the workers read every store's payment listing at its PG, one instance at a time; 0 = never (300)",
    PG_SWEEP_WINDOW_SECONDS: "how far back each sweep reads (21600 = 6 h)",
    ORPHAN_GRACE_SECONDS: "how long a paid payment nobody registered waits before it is an orphan (1800)",
    DAILY_RECONCILIATION: "reconcile yesterday's transactions of every store with its PG once a day (true)",
  } as const;

  export const PATHS: [RegExp, string][] = [
    [/^edge\.sweep_interval/, "PG_SWEEP_INTERVAL_SECONDS"],
    [/^edge\.sweep_window/, "PG_SWEEP_WINDOW_SECONDS"],
    [/^edge\.orphan_grace/, "ORPHAN_GRACE_SECONDS"],
    [/^edge\.daily_reconciliation/, "DAILY_RECONCILIATION"],
  ];

  export const read = (r: IEnvironmentReader): IPgEdgeConfiguration => ({
    sweep_interval_seconds: r.int("PG_SWEEP_INTERVAL_SECONDS", 300),
    sweep_window_seconds: r.int("PG_SWEEP_WINDOW_SECONDS", 21_600),
    orphan_grace_seconds: r.int("ORPHAN_GRACE_SECONDS", 1_800),
    daily_reconciliation: r.env.DAILY_RECONCILIATION !== "false",
  });
}
