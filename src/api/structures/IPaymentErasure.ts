import { tags } from "typia";

import { IPaymentSource } from "./IPaymentSource";

/**
 * The answer to an erasure request for a caller's record: what was erased at once, and what a
 * law requires to be kept, kept apart (no route reads it) and erased by the workers when its
 * period ends.
 */
export interface IPaymentErasure {
  source: IPaymentSource;
  erased: IPaymentErasure.IPart[];
  kept: IPaymentErasure.IKept[];
}
export namespace IPaymentErasure {
  /** Erase the personal data of a record: its payment and its billing key, each with its password. */
  export interface ICreate {
    source: IPaymentSource;
    /** The password of the record's payment or billing key (either or both, when they share it). */
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }

  export interface IPart {
    /** `payment` (a history), `cash_receipt`, `escrow` (an escrow payment's delivery, by its history's id), `billing_key` (a reservation), `events` (a payment's sent webhook payloads). */
    record: "payment" | "cash_receipt" | "escrow" | "billing_key" | "events";
    id: string & tags.Format<"uuid">;
    /** What of it, in words. */
    what: string;
  }

  export interface IKept extends IPart {
    /** When the workers erase it. */
    until: string & tags.Format<"date-time">;
    /** The law that requires keeping it. */
    basis: string;
  }
}
