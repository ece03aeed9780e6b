import { TypedBody, TypedRoute } from "@nestia/core";
import { Controller, Inject } from "@nestjs/common";

import type { IPaymentOrphan } from "../api/structures/IPaymentOrphan";
import type { IPaymentTransactionReconciliation } from "../api/structures/IPaymentTransactionReconciliation";
import { PaymentOrphanProvider } from "../providers/edge/PaymentOrphanProvider";
import { PgPaymentSweep } from "../providers/edge/PgPaymentSweep";
import { TransactionReconciliation } from "../providers/edge/TransactionReconciliation";
import { MonitorProvider } from "../providers/monitors/MonitorProvider";
import { OperatorAuthorization } from "./OperatorAuthorization";

/**
 * The operator's view of the PGs' edge, where money moved without our API being called:
 * orphans, and the sweep of every store's listing on demand (after an outage, say). Plain
 * JSON with the operator credential (`connection.headers.Authorization = "Bearer <OPERATOR_TOKEN>"`),
 * like the monitors.
 */
@Controller("operator")
export class OperatorEdgeController {
  public constructor(
    @Inject(MonitorProvider) private readonly monitors: MonitorProvider,
    @Inject(PaymentOrphanProvider) private readonly orphans: PaymentOrphanProvider,
    @Inject(PgPaymentSweep) private readonly sweeps: PgPaymentSweep,
    @Inject(TransactionReconciliation) private readonly reconciliation: TransactionReconciliation,
  ) {}

  /**
   * Orphans: paid payments a PG holds that nobody registered past the grace, newest first,
   * with what became of each (`orphaned`, `cancelled` at the PG, `claimed` by a late
   * registration). Operator credential required (401 OPERATOR_UNAUTHORIZED).
   *
   * @tag operator
   */
  @TypedRoute.Patch("orphans")
  public orphansOf(@OperatorAuthorization() authorization: string | null, @TypedBody() input: IPaymentOrphan.IRequest): Promise<IPaymentOrphan[]> {
    this.monitors.authorize(authorization);
    return this.orphans.list(input);
  }

  /**
   * Sweep every store's payment listing at its PG now, over the last `window_seconds` (the
   * workers do it every `PG_SWEEP_INTERVAL_SECONDS`): histories brought up to date, prepared
   * orders completed, orphans found and, under a `cancel` policy, refunded. Operator
   * credential required (401 OPERATOR_UNAUTHORIZED).
   *
   * @tag operator
   */
  @TypedRoute.Post("sweeps")
  public sweep(@OperatorAuthorization() authorization: string | null, @TypedBody() input: IPaymentOrphan.ISweep): Promise<IPaymentOrphan.ISweepResult> {
    this.monitors.authorize(authorization);
    return this.sweeps.sweep(input.window_seconds, input.vendor);
  }

  /**
   * Reconcile the transactions of a period: every store's payments at its PG (read through
   * its listing API) against our histories, with what one side lacks (`missing_here`,
   * `missing_at_pg`) and what differs (`amount`, `status`). Reports only; the workers run it
   * daily for the day before (`DAILY_RECONCILIATION`) and set the gauge
   * `payments_transaction_differences`. Operator credential required (401 OPERATOR_UNAUTHORIZED).
   *
   * @tag operator
   */
  @TypedRoute.Post("reconciliations/transactions")
  public transactions(
    @OperatorAuthorization() authorization: string | null,
    @TypedBody() input: IPaymentTransactionReconciliation.IRequest,
  ): Promise<IPaymentTransactionReconciliation> {
    this.monitors.authorize(authorization);
    return this.reconciliation.reconcile(input);
  }
}
