import { tags } from "typia";

/** The access trail: who read or changed which record, from where, with what outcome. */
export namespace IAccessTrail {
  /** A period of the trail (at most 31 days). */
  export interface IRequest {
    from: string & tags.Format<"date-time">;
    until: string & tags.Format<"date-time">;
    /** Only these records' entries. */
    record_id?: string & tags.MinLength<1> & tags.MaxLength<200>;
  }
  export interface ICsv {
    /**
     * RFC 4180, header line first: `seq, at, actor_kind, actor_id, action, method, route,
     * record_kind, record_id, address, status, hash`.
     */
    csv: string;
  }
  /** The whole chain checked, oldest first. */
  export interface IVerification {
    ok: boolean;
    /** Entries checked (up to the first broken one). */
    entries: number & tags.Type<"uint64">;
    /** The first entry whose hash or link does not hold, and why; null when the chain is whole. */
    broken: { seq: number & tags.Type<"uint64">; reason: string } | null;
  }
}
