import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { Inject } from "@nestjs/common";
import { tags } from "typia";

import type { IPaymentSettlement } from "../api/structures/IPaymentSettlement";
import { IdempotencyProvider } from "../providers/idempotency/IdempotencyProvider";
import { PaymentContext } from "../providers/PaymentContext";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { PaymentSettlementProvider } from "../providers/settlements/PaymentSettlementProvider";
import { WebhookUrlPolicy } from "../providers/webhooks/WebhookUrlPolicy";
import { ClientId } from "./ClientId";
import { IdempotencyKey } from "./IdempotencyKey";

/**
 * Marketplace settlements: what each party of the calling client is owed, when, and its
 * payouts. Splits are given with the payment (`settlement` of prepare, registration and
 * billing charge) and posted to the ledger by the server itself.
 */
@EncryptedController("payments/settlements", ClientKeyring.closure)
export class PaymentSettlementsController {
  public constructor(
    private readonly settlements: PaymentSettlementProvider,
    private readonly idempotency: IdempotencyProvider,
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
  ) {}

  /**
   * A party's balance as of a day: pending (not payable yet), available, negative carried
   * (refunds of shares already paid out, netted from its next payout), scheduled, paid out.
   *
   * @tag settlements
   */
  @EncryptedRoute.Patch("balance")
  public balance(@ClientId() client: string, @EncryptedBody() input: IPaymentSettlement.IBalanceRequest): Promise<IPaymentSettlement.IBalance> {
    return this.settlements.balance(client, input);
  }

  /**
   * Ledger entries recorded over a period (Korean calendar days), of one party or of every
   * account, paged. Ids and amounts only: no buyer or card data.
   *
   * @tag settlements
   */
  @EncryptedRoute.Patch("entries")
  public entries(@ClientId() client: string, @EncryptedBody() input: IPaymentSettlement.IEntriesRequest): Promise<IPaymentSettlement.IEntriesPage> {
    return this.settlements.entries(client, input);
  }

  /**
   * The same entries as CSV (RFC 4180), for a spreadsheet or an accountant.
   *
   * @tag settlements
   */
  @EncryptedRoute.Patch("entries/csv")
  public csv(@ClientId() client: string, @EncryptedBody() input: IPaymentSettlement.ICsvRequest): Promise<IPaymentSettlement.ICsv> {
    return this.settlements.csv(client, input);
  }

  /**
   * The platform's revenue over a period: kept from payments, given back by refunds.
   *
   * @tag settlements
   */
  @EncryptedRoute.Patch("revenue")
  public revenue(@ClientId() client: string, @EncryptedBody() input: IPaymentSettlement.IRevenueRequest): Promise<IPaymentSettlement.IRevenue> {
    return this.settlements.revenue(client, input);
  }

  /**
   * Reconcile the PG's settlement report of the days sold `from`–`to` with the ledger: every
   * payment missing on either side, or with another net amount or fee, is listed (and counted
   * in the `payments_settlement_mismatches` metric). Toss Payments only for now.
   *
   * @tag settlements
   */
  @EncryptedRoute.Patch("reconcile")
  public reconcile(@ClientId() client: string, @EncryptedBody() input: IPaymentSettlement.IReconcileRequest): Promise<IPaymentSettlement.IReconciliation> {
    return this.settlements.reconcile(client, input);
  }

  /**
   * Collect a party's available balance up to a day into a payout batch (`scheduled`). A
   * party registered as a seller (`/payments/settlements/sellers`) is paid by its PG: at once,
   * or on `payout_date`; the PG's balance is checked first (422 PG_BALANCE_INSUFFICIENT, nothing
   * sent) and the PG's outcome closes the batch.
   * Refused (422 NOTHING_TO_PAY_OUT) when nothing is available or refunds leave it owing;
   * two batches for one party at once never pay an entry twice. Its status changes are posted
   * to `webhook_url` (`payout.scheduled`, `payout.paid_out`, `payout.failed`; see
   * `IPaymentSettlement.IPayoutWebhook`). Idempotent with an `Idempotency-Key` header.
   *
   * @tag settlements
   */
  @EncryptedRoute.Post("payouts")
  public payout(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @EncryptedBody() input: IPaymentSettlement.IPayoutCreate,
  ): Promise<IPaymentSettlement.IPayout> {
    return this.idempotency.run(client, key, "POST /payments/settlements/payouts", input, async (scope) => {
      await WebhookUrlPolicy.assert(this.ctx, input.webhook_url);
      return this.settlements.payout(client, input, scope);
    });
  }

  /**
   * Cancel a payout a PG is to pay on a later day (`payout_date`), while the PG allows it:
   * it becomes `cancelled` and its amount returns to the party. 409 PAYOUT_NOT_CANCELLABLE
   * once the PG no longer allows it, or for a payout paid by hand.
   *
   * @tag settlements
   */
  @EncryptedRoute.Put("payouts/:id/cancel")
  public cancel(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @TypedParam("id") id: string & tags.Format<"uuid">,
  ): Promise<IPaymentSettlement.IPayout> {
    return this.idempotency.run(client, key, `PUT /payments/settlements/payouts/${id}/cancel`, {}, () => this.settlements.cancelPayout(client, id));
  }

  /**
   * Report a payout's bank transfer: `paid_out`, or `failed` (its amount returns to the
   * party's balance). Reporting the same outcome again changes nothing; another one is 409.
   * Refused (409 PAYOUT_EXECUTED_BY_PG) for a payout a PG executes: its outcome comes from the PG.
   * Idempotent with an `Idempotency-Key` header.
   *
   * @tag settlements
   */
  @EncryptedRoute.Put("payouts/:id")
  public report(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @TypedParam("id") id: string & tags.Format<"uuid">,
    @EncryptedBody() input: IPaymentSettlement.IPayoutReport,
  ): Promise<IPaymentSettlement.IPayout> {
    return this.idempotency.run(client, key, `PUT /payments/settlements/payouts/${id}`, input, () => this.settlements.report(client, id, input));
  }
}
