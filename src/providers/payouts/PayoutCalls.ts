import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { PgPayouts } from "../../pg/PgPayouts";
import type { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";

/** A call to a PG's seller payouts whose failure reaches the caller as our typed error. */
export const payoutCall = <T>(ctx: PaymentContext, vendor: Pick<IPaymentVendor, "code">, operation: string, work: (p: PgPayouts) => Promise<T>): Promise<T> =>
  ctx.gateways.payouts(vendor, operation, work).catch((exp) => {
    throw fromPgError(exp);
  });
