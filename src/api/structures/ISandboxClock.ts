import { tags } from "typia";

/**
 * The sandbox's clock: what billing schedules fall due by, shared with the fake PGs of
 * `npm start`. Move it to a due day to watch a subscription charge, retry or stop without
 * waiting; only a sandbox server has it (`SANDBOX=true`), and production runs on real time.
 */
export interface ISandboxClock {
  /** The clock's time now. */
  now: string & tags.Format<"date-time">;
  /** How far it is from real time, in milliseconds (0: real time). */
  offset_ms: number & tags.Type<"int64">;
}
export namespace ISandboxClock {
  export interface IMove {
    /** The time to move to (it runs on from there); null: back to real time. */
    at: (string & tags.Format<"date-time">) | null;
  }
}
