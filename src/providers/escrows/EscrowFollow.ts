import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import { payment_escrows, type payment_histories } from "../../db/schema";
import type { IPgPaymentSnapshot } from "../../pg/IPgPaymentSnapshot";
import type { PaymentContext } from "../PaymentContext";

type History = typeof payment_histories.$inferSelect;

/**
 * Whether a payment recorded paid by this change is an escrow one that this service holds (at
 * a PG with an escrow API): then its escrow is made, in the change's transaction, and its
 * shares are posted held until the purchase is confirmed.
 */
export const followEscrow = async (ctx: PaymentContext, tx: DrizzleTx, before: History, after: History, snapshot: IPgPaymentSnapshot): Promise<boolean> => {
  const paid = (h: History) => h.paid_at !== null && h.status !== "pending";
  if (!snapshot.escrow || paid(before) || !paid(after) || !ctx.gateways.supports(after.vendor_code as IPaymentVendor.Code, "escrow")) return false;
  const now = new Date();
  await tx.insert(payment_escrows).values({ history_id: after.id, client_id: after.client_id, status: "awaiting_delivery", created_at: now, updated_at: now }).onConflictDoNothing();
  return true;
};
