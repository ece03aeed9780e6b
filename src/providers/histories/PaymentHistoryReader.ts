import { Inject, Injectable } from "@nestjs/common";

import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import { PaymentContext } from "../PaymentContext";
import { PasswordGuard } from "../security/PasswordGuard";
import { sourceAccess } from "../SourceAccess";
import { type CancelRecord, pendingJson, type RawRead, type Row, sourceTarget } from "./HistoryRecords";
import { PaymentHistoryProvider } from "./PaymentHistoryProvider";

/** How old a waiting virtual account's state may be before a read re-reads it from the PG. */
const FRESH_MS = 2_000;

/**
 * The read path of payment histories: one at a time, by id or by source, with its password
 * (a wrong one and a missing record answer alike, and are counted by PasswordGuard).
 */
@Injectable()
export class PaymentHistoryReader {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryProvider) private readonly histories: PaymentHistoryProvider,
  ) {}

  /** A history row by source, password checked (cancels). */
  public async unlock(client: string, source: IPaymentSource, password: string): Promise<Row> {
    return this.unlockRow(sourceTarget(client, source), password, (t) => this.reads.bySource(t, client, source));
  }

  /** A history row by id, password checked (its events and their replay). */
  public async unlockById(client: string, id: string, password: string): Promise<Row> {
    return this.unlockRow(PasswordGuard.target(client, "history", id), password, (t) => this.reads.byId(t, id, client));
  }

  /** Read one history by id, with its password. */
  public async at(client: string, id: string, password: string): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    const target = PasswordGuard.target(client, "history", id);
    return this.fresh(await this.readOne(target, password, (t) => this.reads.byId(t, id, client)));
  }

  /** Read one history by its source, with its password. */
  public async get(client: string, input: IPaymentHistory.IGet): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    const { source, password } = sourceAccess(input);
    const target = sourceTarget(client, source);
    return this.fresh(
      await this.readOne(target, password, (t) =>
        this.reads.bySource(t, client, source),
      ),
    );
  }

  /**
   * A virtual account waiting for its deposit is re-read from the PG on each read, so that a
   * caller sees the deposit even when the PG's webhook is late or lost. Best effort: if the
   * PG does not answer, the stored state is shown. At most once per FRESH_MS per payment
   * (every settle touches `updated_at`), so a front end polling for its deposit does not
   * turn each poll into a PG call.
   */
  private async fresh({ history, updated_at }: { history: IPaymentHistory | IPaymentHistory.IPending; updated_at: Date }): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    if (history.status !== "waiting_deposit" || Date.now() - updated_at.getTime() < FRESH_MS) return history;
    try {
      return await this.histories.refresh(history.id);
    } catch {
      return history;
    }
  }

  /**
   * The read path: one indexed query gives the target's failure count and the row, if any
   * (always one result row, so a missing record costs exactly what a wrong password does:
   * the two must not be told apart by their timing); cancels
   * are read only for a payment that has any. Plain SQL through `Database.query`, prepared
   * by name on PostgreSQL: measured in bench/, building the drizzle query per request (and,
   * on PGlite, drizzle's per-query parser options) cost more than the rest of a read.
   */
  private readonly reads = {
    byId: (target: string, id: string, client: string) =>
      this.ctx.database.query<RawRead>(
        `SELECT h.*, f.failures, f.window_start FROM (SELECT $1::text AS target) t
           LEFT JOIN password_failures f ON f.target = t.target
           LEFT JOIN payment_histories h ON h.id = $2 AND h.client_id = $3`,
        [target, id, client],
        "payment_history_by_id",
      ),
    bySource: (target: string, client: string, source: IPaymentSource) =>
      this.ctx.database.query<RawRead>(
        `SELECT h.*, f.failures, f.window_start FROM (SELECT $1::text AS target) t
           LEFT JOIN password_failures f ON f.target = t.target
           LEFT JOIN payment_histories h
             ON h.client_id = $2 AND h.source_schema = $3 AND h.source_table = $4 AND h.source_id = $5`,
        [target, client, source.schema, source.table, source.id],
        "payment_history_by_source",
      ),
    cancels: (historyId: string) =>
      this.ctx.database.query<CancelRecord & { cancelled_at: Date }>(
        `SELECT id, vendor_cancel_id, price, reason, cancelled_at FROM payment_history_cancels
          WHERE history_id = $1 ORDER BY cancelled_at, vendor_cancel_id`,
        [historyId],
        "payment_history_cancels_of",
      ),
  };

  private async readOne(
    target: string,
    password: string,
    query: (target: string) => Promise<RawRead[]>,
  ): Promise<{ history: IPaymentHistory | IPaymentHistory.IPending; updated_at: Date }> {
    const row = await this.unlockRow(target, password, query);
    if (row.status === "pending") return { history: pendingJson(row), updated_at: row.updated_at };
    const cancels = row.refund > 0 || row.cancelled_at !== null ? await this.reads.cancels(row.id) : [];
    const history = this.histories.json(
      row,
      cancels.map((c) => ({ ...c, cancelled_at: c.cancelled_at.toISOString() })),
    );
    return { history, updated_at: row.updated_at };
  }

  /** The row `query` finds, once its password is checked (404 / 429 otherwise). */
  private async unlockRow(target: string, password: string, query: (target: string) => Promise<RawRead[]>): Promise<Row> {
    const found = (await query(target))[0]!;
    await PasswordGuard.check(this.ctx, {
      target,
      password,
      stored: found.id !== null ? found.password_hash : null,
      failures: { failures: found.failures, window_start: found.window_start },
    });
    // BIGINT: a string from `pg`, a number from PGlite.
    return { ...found!, price: Number(found!.price), refund: Number(found!.refund) };
  }
}
