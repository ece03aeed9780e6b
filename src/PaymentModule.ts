import { DynamicModule, Module } from "@nestjs/common";

import { MonitorsController } from "./controllers/MonitorsController";
import { PaymentHistoriesController } from "./controllers/PaymentHistoriesController";
import { PaymentReservationsController } from "./controllers/PaymentReservationsController";
import { PaymentHistoryProvider } from "./providers/histories/PaymentHistoryProvider";
import { PaymentContext } from "./providers/PaymentContext";
import { PaymentReservationProvider } from "./providers/reservations/PaymentReservationProvider";

@Module({})
export class PaymentModule {
  public static forRoot(context: PaymentContext): DynamicModule {
    return {
      module: PaymentModule,
      controllers: [PaymentHistoriesController, PaymentReservationsController, MonitorsController],
      providers: [{ provide: PaymentContext, useValue: context }, PaymentHistoryProvider, PaymentReservationProvider],
    };
  }
}
