import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { and, eq, type SQL } from "drizzle-orm";

import { payment_histories } from "../../db/schema";
import type { IPgPaymentSnapshot } from "../../pg/IPgPaymentSnapshot";
import type { PgPaymentData } from "../../pg/PaymentGateways";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import { PaymentError } from "../../utils/PaymentError";
import { isUniqueViolation } from "../PgErrorMapper";
import { PasswordGuard } from "../security/PasswordGuard";
import { SettlementMath } from "../settlements/SettlementMath";

/** The rows of payment histories and what registrations check them against (pure helpers). */
export type Row = typeof payment_histories.$inferSelect;
/** A history row as plain SQL returns it, with the target's failure count. */
export type RawRead = Omit<Row, "price" | "refund"> & {
  price: number | string;
  refund: number | string;
  failures: number | null;
  window_start: Date | null;
};

/** What a registration must find at the PG: our order, our amount. */
export interface IExpected {
  vendor: { code: IPaymentVendor.Code; store_id: string; uid: string | null };
  source: IPaymentSource;
  price: number;
  currency: string;
}
export type PgResult = { data: PgPaymentData; snapshot: IPgPaymentSnapshot };
/** What a registration records beside what it expects from the PG. */
export interface IReservation {
  password_hash: string;
  /** Who registers it (default `caller`). */
  origin?: "caller" | "pg_event";
  webhook_url: string | null;
  settlement: IPaymentSettlement.IPlanFrozen | null;
}
/** The history of a caller's source record (its unique index), as a query condition. */
export const ofSource = (client: string, source: IPaymentSource): SQL =>
  and(
    eq(payment_histories.client_id, client),
    eq(payment_histories.source_schema, source.schema),
    eq(payment_histories.source_table, source.table),
    eq(payment_histories.source_id, source.id),
  )!;

/** Prefix of `vendor_uid` while a charge's PG payment id is not known yet (unique per row). */
export const UNKNOWN_UID = "pending:";
/** A cancel row as either driver returns it (BIGINT may be a string), date already ISO. */
export interface CancelRecord {
  id: string;
  vendor_cancel_id: string;
  price: number | string;
  reason: string;
  cancelled_at: string;
}

/** The caller's amount and order are the truth: anything else at the PG is refused. */
export const verify = (s: IPgPaymentSnapshot, e: IExpected): PaymentError | null => {
  if (e.vendor.uid !== null && s.uid !== e.vendor.uid) return new PaymentError(422, "PG_PAYMENT_NOT_FOUND", "The PG answered for another payment.");
  if (s.order_id !== e.source.id)
    return new PaymentError(422, "ORDER_ID_MISMATCH", `The PG payment belongs to order "${s.order_id}", not to source.id "${e.source.id}".`);
  if (s.amount !== e.price)
    return new PaymentError(422, "AMOUNT_MISMATCH", `The PG payment is for ${s.amount} ${s.currency}, the order for ${e.price} ${e.currency}.`);
  if (s.currency !== e.currency)
    return new PaymentError(422, "CURRENCY_MISMATCH", `The PG payment is in ${s.currency}, the order in ${e.currency}.`);
  if (s.status === "failed") {
    const pg = s.failure ?? { code: "FAILED", message: "The payment failed." };
    return new PaymentError(422, "PG_REJECTED", `The PG declined the payment: ${pg.code} ${pg.message}`, false, { pg });
  }
  if (s.status !== "paid" && s.status !== "waiting_deposit")
    return new PaymentError(422, "PAYMENT_NOT_PAID", `The PG payment is ${s.status}; only a paid payment or an issued virtual account can be registered.`);
  return null;
};

/** A registration still waiting for its PG's answer, as a read shows it. */
export const pendingJson = (row: Row): IPaymentHistory.IPending => ({
  id: row.id,
  vendor_code: row.vendor_code as IPaymentHistory["vendor_code"],
  vendor: {
    code: row.vendor_code as IPaymentHistory["vendor_code"],
    store_id: row.vendor_store_id,
    // A charge's PG id is not known until the PG answers.
    uid: row.vendor_uid.startsWith(UNKNOWN_UID) ? null : row.vendor_uid,
  },
  source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
  data: null,
  currency: row.currency,
  price: row.price,
  refund: 0,
  status: "pending",
  webhook_url: row.webhook_url,
  created_at: row.created_at.toISOString(),
  paid_at: null,
  cancelled_at: null,
  cancels: [],
  virtual_account: null,
  method: null,
  easy_pay: null,
  disputes: [],
  personal_data: null,
  settlement: SettlementMath.canonical(row.settlement_plan),
});

/** The password-attempt target of a read by source (distinct from a read by id). */
export const sourceTarget = (client: string, source: IPaymentSource): string =>
  PasswordGuard.target(client, "history", `${source.schema}/${source.table}/${source.id}`);

export const vendorOf = (row: Row) => ({ code: row.vendor_code as IExpected["vendor"]["code"], store_id: row.vendor_store_id, uid: row.vendor_uid });

export const duplicate = (exp: unknown): PaymentError | null => {
  if (isUniqueViolation(exp, "payment_histories_source"))
    return new PaymentError(409, "DUPLICATE_SOURCE", "A payment is already recorded for this source.");
  if (isUniqueViolation(exp, "payment_histories_vendor"))
    return new PaymentError(409, "DUPLICATE_PG_PAYMENT", "This PG payment is already recorded.");
  return null;
};
