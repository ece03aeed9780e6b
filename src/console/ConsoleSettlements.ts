import { Inject, Injectable } from "@nestjs/common";

import type { IOperatorConsole } from "../api/structures/IOperatorConsole";
import { PaymentContext } from "../providers/PaymentContext";
import { PaymentSettlementProvider } from "../providers/settlements/PaymentSettlementProvider";
import { SettlementMath } from "../providers/settlements/SettlementMath";

/** The console's view of reconciliations and settlements: the latest runs and payouts, a party's balance, a client's revenue. */
@Injectable()
export class ConsoleSettlements {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
  ) {}

  public async read(input: IOperatorConsole.ISettlementsRequest): Promise<IOperatorConsole.ISettlements> {
    const runs = await this.ctx.database.query<{ id: string; kind: "transactions" | "settlement"; client_id: string | null; period_from: string; period_to: string; checked: number; differences: number; ran_at: Date; result: unknown }>(
      "SELECT id, kind, client_id, period_from, period_to, checked, differences, ran_at, result FROM reconciliation_runs ORDER BY ran_at DESC LIMIT 20",
    );
    const payouts = await this.ctx.database.query<{ id: string; client_id: string; party_id: string; amount: string; status: string; pg_status: string | null; created_at: Date; reported_at: Date | null }>(
      `SELECT p.id, p.client_id, p.party_id, p.amount::text, p.status, x.pg_status, p.created_at, p.reported_at
         FROM settlement_payouts p LEFT JOIN settlement_payout_executions x ON x.payout_id = p.id
        ${input.client !== undefined ? "WHERE p.client_id = $1" : ""} ORDER BY p.created_at DESC LIMIT 50`,
      input.client !== undefined ? [input.client] : [],
    );
    const today = SettlementMath.koreanDay(new Date());
    const monthAgo = SettlementMath.koreanDay(new Date(Date.now() - 30 * 86_400_000));
    return {
      runs: runs.map((r) => ({ id: r.id, kind: r.kind, client_id: r.client_id, from: r.period_from, to: r.period_to, checked: r.checked, differences: r.differences, ran_at: new Date(r.ran_at).toISOString(), result: r.result })),
      payouts: payouts.map((p) => ({
        id: p.id,
        client_id: p.client_id,
        party_id: p.party_id,
        amount: Number(p.amount),
        status: p.status,
        executor: p.pg_status === null ? "manual" : "pg",
        pg_status: p.pg_status,
        created_at: new Date(p.created_at).toISOString(),
        reported_at: p.reported_at === null ? null : new Date(p.reported_at).toISOString(),
      })),
      balance: input.client !== undefined && input.party !== undefined ? await this.settlements.balance(input.client, { party_id: input.party }) : null,
      revenue: input.client !== undefined ? await this.settlements.revenue(input.client, { from: monthAgo, to: today }) : null,
    };
  }
}
