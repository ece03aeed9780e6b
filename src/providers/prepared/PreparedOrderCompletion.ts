import { Inject, Injectable } from "@nestjs/common";

import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentRegistrationProvider } from "../histories/PaymentRegistrationProvider";
import { PaymentContext } from "../PaymentContext";
import type { IPreparedOrderRow } from "./PaymentPreparedOrderProvider";

/** An open prepared order, with what its registration takes beside the live row's fields. */
interface IOpenOrder extends Omit<IPreparedOrderRow, "vendor_code"> {
  client_id: string;
  source_schema: string;
  source_table: string;
  source_id: string;
  password_hash: string;
}

/**
 * A prepared order the PG reports paid before its caller registered it (a closed tab, a lost
 * redirect, a crashed shop) completes itself: the payment is read from the PG and registered
 * exactly as `POST /payments/histories` would, with the prepared order's amount, password,
 * webhook URL and split (same checks, ledger posting and events, announced once). The
 * caller's own later registration of it then gets that record.
 */
@Injectable()
export class PreparedOrderCompletion {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentRegistrationProvider) private readonly registrations: PaymentRegistrationProvider,
  ) {}

  /** Whether an open prepared order of this PG expects `orderId` (no PG call). */
  public async expects(code: IPaymentVendor.Code, orderId: string): Promise<boolean> {
    const rows = await this.ctx.database.query(
      "SELECT 1 FROM payment_prepared_orders WHERE source_id = $1 AND vendor_code = $2 AND consumed_at IS NULL AND expires_at > now() LIMIT 1",
      [orderId, code],
      "prepared_orders_expect_order",
    );
    return rows.length !== 0;
  }

  /**
   * Complete the open prepared orders of `orderId` at this PG with its payment `uid`: the
   * history registered, or null when no open prepared order expects it (then the PG is not
   * asked). A refusal (another amount, not paid) is returned as such; a PG that does not
   * answer is thrown, for a later try.
   */
  public async complete(code: IPaymentVendor.Code, uid: string, orderId: string): Promise<{ history: IPaymentHistory } | { refused: PaymentError } | null> {
    const open = await this.ctx.database.query<IOpenOrder>(
      `SELECT client_id, vendor_store_id, source_schema, source_table, source_id, currency, price, webhook_url, password_hash, settlement_plan
         FROM payment_prepared_orders WHERE source_id = $1 AND vendor_code = $2 AND consumed_at IS NULL AND expires_at > now()`,
      [orderId, code],
      "prepared_orders_open_of_order",
    );
    let refused: PaymentError | null = null;
    for (const order of open) {
      const price = Number(order.price);
      const vendor = { code, store_id: order.vendor_store_id, uid };
      try {
        const history = await this.registrations.register(
          order.client_id,
          { vendor, source: { schema: order.source_schema, table: order.source_table, id: order.source_id }, price, currency: order.currency },
          { password_hash: order.password_hash, webhook_url: order.webhook_url, settlement: order.settlement_plan, origin: "pg_event" },
          () => this.ctx.gateways.approve(vendor, { orderId, amount: price }),
        );
        this.ctx.logger.info({ event: "payment.completed_from_pg", history_id: history.id, status: history.status }, "a prepared order the PG reported paid was registered by the server");
        return { history };
      } catch (exp) {
        if (!(exp instanceof PaymentError) || exp.status >= 500) throw exp;
        refused = exp; // another client's order of the same id may be the one
      }
    }
    return refused !== null ? { refused } : null;
  }
}
