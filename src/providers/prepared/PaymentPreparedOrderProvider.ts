import { Inject, Injectable } from "@nestjs/common";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import crypto from "node:crypto";

import type { IPaymentPreparedOrder } from "../../api/structures/IPaymentPreparedOrder";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import { payment_histories, payment_prepared_orders } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { fromPgError } from "../PgErrorMapper";
import { ofSource } from "../histories/HistoryRecords";
import { PaymentContext } from "../PaymentContext";
import { PaymentSettlementProvider } from "../settlements/PaymentSettlementProvider";
import { SettlementMath } from "../settlements/SettlementMath";

type Row = typeof payment_prepared_orders.$inferSelect;

/** A live prepared order as plain SQL returns it (BIGINT may be a string). */
export interface IPreparedOrderRow {
  vendor_code: string;
  vendor_store_id: string;
  price: number | string;
  currency: string;
  webhook_url: string | null;
  settlement_plan: IPaymentSettlement.IPlanFrozen | null;
}

/**
 * Orders declared before the buyer pays. While one is unexpired and unconsumed, the
 * registration of its source must name the same vendor, store, amount and currency; the
 * registration that settles consumes it (in the settling transaction).
 */
@Injectable()
export class PaymentPreparedOrderProvider {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
  ) {}

  public async prepare(client: string, input: IPaymentPreparedOrder.ICreate): Promise<IPaymentPreparedOrder> {
    if (!this.ctx.gateways.hasStore(input.vendor))
      throw new PaymentError(422, "UNKNOWN_STORE", `No store "${input.vendor.store_id}" is configured for ${input.vendor.code}.`);
    const paid = await this.ctx.db
      .select({ id: payment_histories.id })
      .from(payment_histories)
      .where(ofSource(client, input.source));
    if (paid.length) throw new PaymentError(409, "DUPLICATE_SOURCE", "A payment is already recorded for this source.");

    const now = new Date();
    const values = {
      id: crypto.randomUUID(),
      client_id: client,
      vendor_code: input.vendor.code,
      vendor_store_id: input.vendor.store_id,
      source_schema: input.source.schema,
      source_table: input.source.table,
      source_id: input.source.id,
      currency: input.currency ?? "KRW",
      price: input.price,
      order_name: input.order_name,
      customer_enc: input.customer ? this.ctx.ciphers.payment.encryptJson(input.customer) : null,
      webhook_url: input.webhook_url ?? null,
      settlement_plan: this.settlements.freeze(client, input.settlement, input.price),
      password_hash: this.ctx.hasher.hash(input.password),
      created_at: now,
      expires_at: new Date(now.getTime() + this.ctx.config.prepared_order_ttl_seconds * 1000),
    };
    // A PG that holds the amount its window accepts hears of it first: if it refuses, nothing is kept.
    await this.ctx.gateways
      .prepare(input.vendor, { orderId: input.source.id, amount: input.price, currency: values.currency })
      .catch((exp) => {
        throw fromPgError(exp);
      });
    // Preparing again before payment replaces the order (the cart changed); once consumed, never.
    const [row] = await this.ctx.db
      .insert(payment_prepared_orders)
      .values(values)
      .onConflictDoUpdate({
        target: [payment_prepared_orders.client_id, payment_prepared_orders.source_schema, payment_prepared_orders.source_table, payment_prepared_orders.source_id],
        set: { ...values, id: sql`${payment_prepared_orders.id}` },
        setWhere: isNull(payment_prepared_orders.consumed_at),
      })
      .returning();
    if (row === undefined) throw new PaymentError(409, "DUPLICATE_SOURCE", "This order was already paid.");
    return this.json(row);
  }

  /**
   * A registration against its source's live prepared order (as the registration's first
   * statement found it): the vendor, price and currency must be the prepared ones, or it is
   * refused before anything is reserved. Returns what the prepared order contributes.
   */
  public check(
    found: IPreparedOrderRow,
    input: { vendor: Pick<IPaymentVendor, "code" | "store_id">; price: number; currency: string },
  ): { webhook_url: string | null; settlement_plan: IPaymentSettlement.IPlanFrozen | null } {
    const row = { ...found, price: Number(found.price) };
    const problems: string[] = [];
    if (row.vendor_code !== input.vendor.code || row.vendor_store_id !== input.vendor.store_id)
      problems.push(`vendor ${input.vendor.code}/${input.vendor.store_id} instead of ${row.vendor_code}/${row.vendor_store_id}`);
    if (row.price !== input.price) problems.push(`price ${input.price} instead of ${row.price}`);
    if (row.currency !== input.currency) problems.push(`currency ${input.currency} instead of ${row.currency}`);
    if (problems.length)
      throw new PaymentError(422, "PREPARED_ORDER_MISMATCH", `The payment does not match its prepared order: ${problems.join(", ")}. Nothing was recorded.`);
    return { webhook_url: row.webhook_url, settlement_plan: row.settlement_plan ?? null };
  }

  /** Mark the source's prepared order used, in the transaction that records the payment. */
  public async consume(tx: DrizzleTx, client: string, source: IPaymentSource): Promise<void> {
    await tx
      .update(payment_prepared_orders)
      .set({ consumed_at: new Date() })
      .where(and(this.live(client, source), isNull(payment_prepared_orders.consumed_at)));
  }

  private live(client: string, source: IPaymentSource) {
    return and(
      eq(payment_prepared_orders.client_id, client),
      eq(payment_prepared_orders.source_schema, source.schema),
      eq(payment_prepared_orders.source_table, source.table),
      eq(payment_prepared_orders.source_id, source.id),
      gt(payment_prepared_orders.expires_at, new Date()),
    )!;
  }

  private json(row: Row): IPaymentPreparedOrder {
    const window = this.ctx.gateways.get(row.vendor_code as IPaymentVendor.Code).window(row.vendor_store_id);
    return {
      id: row.id,
      vendor: { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      order_id: row.source_id,
      amount: row.price,
      currency: row.currency,
      order_name: row.order_name,
      client_key: window.public_key,
      merchant_code: window.merchant_id,
      customer: row.customer_enc !== null ? this.ctx.ciphers.payment.decryptJson<IPaymentPreparedOrder.ICustomer>(row.customer_enc) : null,
      webhook_url: row.webhook_url,
      settlement: SettlementMath.canonical(row.settlement_plan),
      created_at: row.created_at.toISOString(),
      expires_at: row.expires_at.toISOString(),
    };
  }
}
