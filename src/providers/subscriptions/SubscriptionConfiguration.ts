import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/** How the workers charge billing schedules (subscriptions). */
export interface ISubscriptionConfiguration {
  /**
   * The retry ladder of a declined charge that can recover: days after the cycle's first
   * declined try (default 1, 3, 5); after the last the schedule is exhausted. A client's
   * `subscription_retry_days` takes its place for that client's schedules.
   */
  retry_days: (number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<60>)[];
  /** How often the workers look for charges due, in ms. */
  poll_interval_ms: number & tags.Type<"uint32"> & tags.Minimum<50>;
  /** Charges one worker makes per run at most (a schedule is charged at most once per run). */
  charges_per_run: number & tags.Type<"uint32"> & tags.Minimum<1>;
  /**
   * How long a worker holds a schedule it charges, in seconds of real time: another takes it
   * over after that (the charge's unique source, not this hold, keeps it from being doubled).
   */
  claim_seconds: number & tags.Type<"uint32"> & tags.Minimum<1>;
}

export namespace SubscriptionConfiguration {
  export const ENVIRONMENT = {
    SUBSCRIPTION_RETRY_DAYS: "days after a schedule's declined charge at which it is tried again, comma-separated; then it is exhausted (1,3,5)",
    SUBSCRIPTION_POLL_INTERVAL_MS: "how often the workers look for schedule charges due (10000)",
    SUBSCRIPTION_CHARGES_PER_RUN: "schedule charges one worker makes per run at most (100)",
    SUBSCRIPTION_CLAIM_SECONDS: "how long a worker holds a schedule it charges before another may take it over (60)",
  } as const;

  export const PATHS: [RegExp, string][] = [
    [/^subscription\.retry_days/, "SUBSCRIPTION_RETRY_DAYS"],
    [/^subscription\.poll_interval/, "SUBSCRIPTION_POLL_INTERVAL_MS"],
    [/^subscription\.charges_per_run/, "SUBSCRIPTION_CHARGES_PER_RUN"],
    [/^subscription\.claim_seconds/, "SUBSCRIPTION_CLAIM_SECONDS"],
  ];

  export const read = (r: IEnvironmentReader): ISubscriptionConfiguration => ({
    retry_days:
      r.env.SUBSCRIPTION_RETRY_DAYS !== undefined && r.env.SUBSCRIPTION_RETRY_DAYS !== ""
        ? r.env.SUBSCRIPTION_RETRY_DAYS.split(",").map((x) => Number(x.trim()))
        : [1, 3, 5],
    poll_interval_ms: r.int("SUBSCRIPTION_POLL_INTERVAL_MS", 10_000),
    charges_per_run: r.int("SUBSCRIPTION_CHARGES_PER_RUN", 100),
    claim_seconds: r.int("SUBSCRIPTION_CLAIM_SECONDS", 60),
  });
}
