import { DynamicModule, Module } from "@nestjs/common";

import { MonitorsController } from "./controllers/MonitorsController";
import { OperatorAuditController } from "./controllers/OperatorAuditController";
import { PaymentErasuresController } from "./controllers/PaymentErasuresController";
import { PaymentEscrowsController } from "./controllers/PaymentEscrowsController";
import { PaymentSchedulesController } from "./controllers/PaymentSchedulesController";
import { OperatorSandboxController } from "./controllers/OperatorSandboxController";
import { SandboxClockProvider } from "./providers/monitors/SandboxClockProvider";
import { PaymentScheduleProvider } from "./providers/subscriptions/PaymentScheduleProvider";
import { SubscriptionMetrics } from "./providers/subscriptions/SubscriptionMetrics";
import { SubscriptionWorker } from "./providers/subscriptions/SubscriptionWorker";
import { PaymentSellerProvider } from "./providers/payouts/PaymentSellerProvider";
import { PayoutExecutionProvider } from "./providers/payouts/PayoutExecutionProvider";
import { PayoutWorker } from "./providers/payouts/PayoutWorker";
import { PaymentSellersController } from "./controllers/PaymentSellersController";
import { ConsoleController } from "./console/ConsoleController";
import { ConsoleQueries } from "./console/ConsoleQueries";
import { ConsoleHealth } from "./console/ConsoleHealth";
import { ConsoleSettlements } from "./console/ConsoleSettlements";
import { ConsoleSessions } from "./console/ConsoleSessions";
import { PaymentCashReceiptsController } from "./controllers/PaymentCashReceiptsController";
import { CashReceiptWorker } from "./providers/receipts/CashReceiptWorker";
import { PersonalDataProvider } from "./providers/retention/PersonalDataProvider";
import { PaymentEscrowProvider } from "./providers/escrows/PaymentEscrowProvider";
import { PaymentCashReceiptProvider } from "./providers/receipts/PaymentCashReceiptProvider";
import { OperatorEdgeController } from "./controllers/OperatorEdgeController";
import { AccessTrailProvider } from "./providers/audit/AccessTrailProvider";
import { PaymentHistoriesController } from "./controllers/PaymentHistoriesController";
import { PaymentReservationsController } from "./controllers/PaymentReservationsController";
import { MetricsController } from "./controllers/MetricsController";
import { PaymentHistoryWebhooksController } from "./controllers/PaymentHistoryWebhooksController";
import { PaymentSettlementsController } from "./controllers/PaymentSettlementsController";
import { PgWebhooksController } from "./controllers/PgWebhooksController";
import { PaymentCancelProvider } from "./providers/cancels/PaymentCancelProvider";
import { PaymentChargeProvider } from "./providers/charges/PaymentChargeProvider";
import { PaymentHistoryProvider } from "./providers/histories/PaymentHistoryProvider";
import { PaymentHistoryReader } from "./providers/histories/PaymentHistoryReader";
import { PaymentRegistrationProvider } from "./providers/histories/PaymentRegistrationProvider";
import { PreparedOrderCompletion } from "./providers/prepared/PreparedOrderCompletion";
import { IdempotencyProvider } from "./providers/idempotency/IdempotencyProvider";
import { PaymentPreparedOrderProvider } from "./providers/prepared/PaymentPreparedOrderProvider";
import { PaymentReconciler } from "./providers/reconciler/PaymentReconciler";
import { PaymentContext } from "./providers/PaymentContext";
import { MonitorProvider } from "./providers/monitors/MonitorProvider";
import { RetentionProvider } from "./providers/retention/RetentionProvider";
import { PaymentReservationProvider } from "./providers/reservations/PaymentReservationProvider";
import { ReservationRevocation } from "./providers/reservations/ReservationRevocation";
import { PaymentSettlementProvider } from "./providers/settlements/PaymentSettlementProvider";
import { WebhookDeliveryProvider } from "./providers/webhooks/WebhookDeliveryProvider";
import { PgWebhookInboxProvider } from "./providers/inbox/PgWebhookInboxProvider";
import { WebhookMetrics } from "./providers/webhooks/WebhookMetrics";
import { WebhookWorker } from "./providers/webhooks/WebhookWorker";
import { PaymentOrphanProvider } from "./providers/edge/PaymentOrphanProvider";
import { PgEdgeWorker } from "./providers/edge/PgEdgeWorker";
import { PgPaymentSweep } from "./providers/edge/PgPaymentSweep";
import { TransactionReconciliation } from "./providers/edge/TransactionReconciliation";

@Module({})
export class PaymentModule {
  public static forRoot(context: PaymentContext): DynamicModule {
    return {
      module: PaymentModule,
      controllers: [PaymentHistoriesController, PaymentReservationsController, MonitorsController, PgWebhooksController, PaymentHistoryWebhooksController, PaymentSettlementsController, MetricsController, OperatorEdgeController, OperatorAuditController, PaymentCashReceiptsController, PaymentErasuresController, PaymentEscrowsController, PaymentSchedulesController, OperatorSandboxController, PaymentSellersController, ConsoleController],
      providers: [{ provide: PaymentContext, useValue: context }, PaymentSettlementProvider, PaymentHistoryProvider, PaymentHistoryReader, PaymentRegistrationProvider, PreparedOrderCompletion, PaymentReservationProvider, PaymentPreparedOrderProvider, PaymentCancelProvider, PaymentChargeProvider, IdempotencyProvider, PaymentReconciler, RetentionProvider, MonitorProvider, WebhookMetrics, PgWebhookInboxProvider, WebhookDeliveryProvider, WebhookWorker, PaymentOrphanProvider, ReservationRevocation, PgPaymentSweep, TransactionReconciliation, PgEdgeWorker, AccessTrailProvider, PaymentCashReceiptProvider, CashReceiptWorker, PersonalDataProvider, PaymentEscrowProvider, PaymentScheduleProvider, SubscriptionMetrics, SubscriptionWorker, SandboxClockProvider, PaymentSellerProvider, PayoutExecutionProvider, PayoutWorker, ConsoleSessions, ConsoleQueries, ConsoleHealth, ConsoleSettlements],
    };
  }
}
