import { v7 as timeOrderedId } from "uuid";

import { reconciliation_runs } from "../../db/schema";
import type { PaymentContext } from "../PaymentContext";

/** Each reconciliation with a PG kept as it ran, for the operators (the console lists them). */
export namespace ReconciliationRuns {
  export const record = async (
    ctx: PaymentContext,
    run: { kind: "transactions" | "settlement"; client_id: string | null; from: string; to: string; checked: number; differences: number; result: unknown },
  ): Promise<void> => {
    await ctx.db.insert(reconciliation_runs).values({
      id: timeOrderedId(),
      kind: run.kind,
      client_id: run.client_id,
      period_from: run.from,
      period_to: run.to,
      checked: run.checked,
      differences: run.differences,
      result: run.result as object,
      ran_at: new Date(),
    });
  };
}
