import { tags } from "typia";

import { IPaymentMoney } from "./IPaymentMoney";
import { IPaymentSettlement } from "./IPaymentSettlement";
import { IPaymentSource } from "./IPaymentSource";

/**
 * A billing schedule (subscription): a billing key (reservation) charged by the workers on
 * each cycle, the same for every PG. Each charge is an ordinary payment history (its source
 * `{schema: "payments-server", table: "schedule_charges", id: "sch_<schedule>_<cycle>_<try>"}`,
 * readable with the billing key's password) with its own `payment.*` events.
 */
export interface IPaymentSchedule {
  id: string & tags.Format<"uuid">;
  reservation_id: string & tags.Format<"uuid">;
  /**
   * - `active`: charging on its cycles
   * - `past_due`: a cycle's charge was declined: retried on the ladder while `next_try_at` is
   *   set; stopped (`stopped_reason`) after a final decline, the last retry, or the key deleted,
   *   until resumed (with a new key) or cancelled
   * - `paused`: no cycle is charged; the cycles passed meanwhile are skipped on resume
   * - `cancelled`, `ended` (the last cycle charged, or its end reached)
   */
  status: "active" | "past_due" | "paused" | "cancelled" | "ended";
  /** Charged from the next charge on, in the currency's minor unit. */
  amount: IPaymentMoney & tags.Minimum<1>;
  currency: "KRW";
  order_name: string;
  cycle: IPaymentSchedule.Cycle;
  time_zone: string;
  starts_at: string & tags.Format<"date-time">;
  ends_at: (string & tags.Format<"date-time">) | null;
  webhook_url: string | null;
  /** The number of the next cycle to charge (0 is the first). */
  next_cycle: number & tags.Type<"uint32">;
  /** When that cycle falls due (null once nothing more will be charged). */
  next_cycle_at: (string & tags.Format<"date-time">) | null;
  /** When its charge is tried again after a decline, or null. */
  next_try_at: (string & tags.Format<"date-time">) | null;
  /** Declined tries of the next cycle so far. */
  failed_tries: number & tags.Type<"uint32">;
  last_failure: IPaymentSchedule.IFailure | null;
  stopped_reason: string | null;
  /** Cycles charged so far. */
  charged: number & tags.Type<"uint32">;
  created_at: string & tags.Format<"date-time">;
  updated_at: string & tags.Format<"date-time">;
}
export namespace IPaymentSchedule {
  /**
   * - `once`: a single charge at `starts_at`
   * - `days`: every `every` days at `starts_at`'s local time
   * - `monthly`: on `day` of each month (1–31) at `starts_at`'s local time, from the first such
   *   day at or after `starts_at`; in a month without that day (the 29th–31st), on its last day,
   *   and back on `day` the month after (31 Jan, 28 Feb, 31 Mar)
   */
  export type Cycle = { type: "once" } | { type: "days"; every: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<366> } | { type: "monthly"; day: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<31> };

  export interface IFailure {
    /** The PG's code, as it gave it. */
    code: string;
    message: string;
    /** Whether the decline can recover (insufficient funds, limit): then it is retried. */
    recoverable: boolean;
    at: string & tags.Format<"date-time">;
  }

  /** The billing key a schedule charges, with its password. */
  export interface IReservationAccess {
    id: string & tags.Format<"uuid">;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }

  export interface ICreate {
    reservation: IReservationAccess;
    amount: IPaymentMoney & tags.Minimum<1>;
    currency?: "KRW";
    order_name: string & tags.MinLength<1> & tags.MaxLength<100>;
    cycle: Cycle;
    /** The first charge's time; default now. */
    starts_at?: string & tags.Format<"date-time">;
    /** No cycle due at or after it is charged. */
    ends_at?: (string & tags.Format<"date-time">) | null;
    /** IANA time zone the cycles are counted in; default `Asia/Seoul`. */
    time_zone?: string & tags.MinLength<1> & tags.MaxLength<64>;
    /** Each charge split like any payment. */
    settlement?: IPaymentSettlement.IPlan | null;
    /** Where the schedule's events and its charges' payment events are posted. */
    webhook_url?: (string & tags.Format<"uri"> & tags.MaxLength<2048>) | null;
  }

  /** A schedule's own routes take the billing key's password. */
  export interface IAccess {
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }

  export interface IList {
    reservation: IReservationAccess;
  }

  export interface IResume {
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    /** Charge another billing key from now on (e.g. after the old one was deleted at the PG), with its password. */
    reservation?: IReservationAccess;
  }

  export interface IAmount {
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    amount: IPaymentMoney & tags.Minimum<1>;
  }

  /** An event of a schedule, in its billing key's stream. */
  export interface IWebhook {
    id: string & tags.Format<"uuid">;
    type:
      | "subscription.charge_succeeded"
      | "subscription.charge_failed"
      | "subscription.past_due"
      | "subscription.exhausted"
      | "subscription.cancelled";
    created_at: string & tags.Format<"date-time">;
    previous: IPaymentSchedule | null;
    current: IPaymentSchedule;
    /** The charge this event is about (`charge_*`): its payment's source, cycle and PG code. */
    charge: ICharge | null;
  }
  export interface ICharge {
    cycle: number & tags.Type<"uint32">;
    source: IPaymentSource;
    history_id: (string & tags.Format<"uuid">) | null;
    amount: IPaymentMoney;
    failure: IFailure | null;
  }
}
