import { Inject, Injectable } from "@nestjs/common";
import { and, asc, eq } from "drizzle-orm";

import type { IPaymentSchedule } from "../../api/structures/IPaymentSchedule";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { DrizzleTx } from "../../db/Database";
import { payment_schedules } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import { PaymentContext } from "../PaymentContext";
import { PaymentReservationProvider } from "../reservations/PaymentReservationProvider";
import { PaymentSettlementProvider } from "../settlements/PaymentSettlementProvider";
import { ScheduleCalendar } from "./ScheduleCalendar";
import { ScheduleRecords, type ScheduleRow } from "./ScheduleRecords";

/** The years a schedule's times may name: past them, a cycle's arithmetic is not worth trusting. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

const revoked = (at: Date, reason: string | null): PaymentError =>
  new PaymentError(422, "RESERVATION_REVOKED", `This billing key was revoked on ${at.toISOString()} (${reason ?? "deleted at its PG"}): a schedule cannot charge it. Ask the customer for a new one.`);

/**
 * Billing schedules as their owner sees them: made on a billing key, read, listed, paused,
 * resumed (from a pause: the cycles passed meanwhile are skipped; from `past_due`: charged now,
 * with a new key if given), cancelled, re-priced from the next charge. Every route takes the
 * billing key's password. The charging itself is the workers' (SubscriptionWorker).
 */
@Injectable()
export class PaymentScheduleProvider {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentReservationProvider) private readonly reservations: PaymentReservationProvider,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
  ) {}

  public async create(client: string, input: IPaymentSchedule.ICreate, scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed()): Promise<IPaymentSchedule> {
    if (scope.resumed) {
      const [made] = await this.ctx.db.select().from(payment_schedules).where(and(eq(payment_schedules.id, scope.record_id), eq(payment_schedules.client_id, client)));
      if (made !== undefined) return ScheduleRecords.json(made);
    }
    const reservation = await this.reservations.unlock(client, input.reservation.id, input.reservation.password);
    if (reservation.revoked_at !== null) throw revoked(reservation.revoked_at, reservation.revoked_reason);
    this.ctx.gateways.require(reservation.vendor_code as Parameters<PaymentContext["gateways"]["require"]>[0], "billing");
    const zone = input.time_zone ?? "Asia/Seoul";
    if (!ScheduleCalendar.knownZone(zone)) throw new PaymentError(400, "INVALID_BODY", `time_zone: "${zone}" is not an IANA time zone this server knows (e.g. Asia/Seoul).`);
    this.validSettlement(client, input.settlement ?? null, input.amount);
    const now = this.ctx.clock.now();
    const starts = input.starts_at !== undefined ? new Date(input.starts_at) : now;
    const ends = input.ends_at != null ? new Date(input.ends_at) : null;
    for (const [name, at] of [["starts_at", starts], ["ends_at", ends]] as const)
      if (at !== null && (at.getTime() < EARLIEST || at.getTime() > LATEST))
        throw new PaymentError(400, "INVALID_BODY", `${name}: ${at.toISOString()} is outside the years 2000 to 2199 a schedule can run in.`);
    const first = ScheduleCalendar.cycleAt(input.cycle, starts, zone, 0)!;
    if (ends !== null && ends.getTime() <= first.getTime())
      throw new PaymentError(400, "INVALID_BODY", `ends_at (${ends.toISOString()}) is not after the first cycle (${first.toISOString()}): nothing would be charged.`);
    const row: ScheduleRow = {
      id: scope.record_id,
      client_id: client,
      reservation_id: reservation.id,
      status: "active",
      amount: input.amount,
      currency: input.currency ?? "KRW",
      order_name: input.order_name,
      cycle_rule: input.cycle,
      time_zone: zone,
      starts_at: starts,
      ends_at: ends,
      settlement: input.settlement ?? null,
      webhook_url: input.webhook_url ?? null,
      cycle: 0,
      cycle_at: first,
      attempt: 0,
      ladder_start: 0,
      due_at: first,
      claimed_until: null,
      last_failure_code: null,
      last_failure_message: null,
      last_failure_recoverable: null,
      last_failure_at: null,
      stopped_reason: null,
      charged_count: 0,
      created_at: now,
      updated_at: now,
    };
    return this.ctx.db.transaction(async (tx) => {
      await tx.insert(payment_schedules).values(row);
      const json = ScheduleRecords.json(row);
      await scope.keep(tx, json);
      return json;
    });
  }

  public async get(client: string, id: string, input: IPaymentSchedule.IAccess): Promise<IPaymentSchedule> {
    return ScheduleRecords.json(await this.unlock(client, id, input.password));
  }

  public async list(client: string, input: IPaymentSchedule.IList): Promise<IPaymentSchedule[]> {
    const reservation = await this.reservations.unlock(client, input.reservation.id, input.reservation.password);
    const rows = await this.ctx.db
      .select()
      .from(payment_schedules)
      .where(and(eq(payment_schedules.client_id, client), eq(payment_schedules.reservation_id, reservation.id)))
      .orderBy(asc(payment_schedules.created_at), asc(payment_schedules.id));
    return rows.map(ScheduleRecords.json);
  }

  /** No cycle is charged until resumed; a pause of a paused schedule changes nothing. */
  public async pause(client: string, id: string, input: IPaymentSchedule.IAccess): Promise<IPaymentSchedule> {
    await this.unlock(client, id, input.password);
    return this.change(client, id, (row) => {
      if (row.status === "paused") return null;
      return { status: "paused", due_at: null };
    });
  }

  /**
   * From a pause: from the first cycle due now or later (those passed meanwhile are never
   * charged). From `past_due`: the cycle owed is charged at once, the retry ladder started
   * again. With `reservation`, that billing key is charged from now on.
   */
  public async resume(client: string, id: string, input: IPaymentSchedule.IResume): Promise<IPaymentSchedule> {
    await this.unlock(client, id, input.password);
    const key = input.reservation !== undefined ? await this.reservations.unlock(client, input.reservation.id, input.reservation.password) : null;
    if (key !== null && key.revoked_at !== null) throw revoked(key.revoked_at, key.revoked_reason);
    const now = this.ctx.clock.now();
    return this.change(client, id, (row) => {
      const switched = key !== null && key.id !== row.reservation_id ? { reservation_id: key.id } : {};
      const fresh = { ...switched, stopped_reason: null, ladder_start: row.attempt, last_failure_code: null, last_failure_message: null, last_failure_recoverable: null, last_failure_at: null };
      if (row.status === "active") return key !== null ? switched : null;
      const rule = row.cycle_rule as IPaymentSchedule.Cycle;
      if (row.status === "paused") {
        const cycle = ScheduleCalendar.firstCycleFrom(rule, row.starts_at, row.time_zone, row.cycle, now);
        const at = ScheduleCalendar.cycleAt(rule, row.starts_at, row.time_zone, cycle);
        if (at === null || (row.ends_at !== null && at.getTime() >= row.ends_at.getTime())) return { ...fresh, status: "ended", cycle, cycle_at: null, due_at: null };
        return { ...fresh, status: "active", cycle, cycle_at: at, due_at: at, attempt: 0, ladder_start: 0 };
      }
      // past_due: the cycle it owes, now.
      return { ...fresh, status: "past_due", due_at: now };
    });
  }

  public async cancel(client: string, id: string, input: IPaymentSchedule.IAccess): Promise<IPaymentSchedule> {
    await this.unlock(client, id, input.password);
    return this.change(
      client,
      id,
      (row) => (row.status === "cancelled" ? null : { status: "cancelled", due_at: null, cycle_at: null }),
      "subscription.cancelled",
    );
  }

  /** The amount of every charge from the next one on (a try already sent keeps its amount). */
  public async amount(client: string, id: string, input: IPaymentSchedule.IAmount): Promise<IPaymentSchedule> {
    await this.unlock(client, id, input.password);
    return this.change(client, id, (row) => {
      if (row.amount === input.amount) return null;
      this.validSettlement(client, row.settlement as IPaymentSettlement.IPlan | null, input.amount);
      return { amount: input.amount };
    });
  }

  /** The schedule, its billing key's password checked. */
  private async unlock(client: string, id: string, password: string): Promise<ScheduleRow> {
    const [row] = await this.ctx.db.select().from(payment_schedules).where(and(eq(payment_schedules.id, id), eq(payment_schedules.client_id, client)));
    if (row === undefined) throw new PaymentError(404, "SCHEDULE_NOT_FOUND", "No schedule has this id.");
    await this.reservations.unlock(client, row.reservation_id, password);
    return row;
  }

  /**
   * Change a schedule under its row lock (a worker charging it waits, and sees the change).
   * `next` gives the columns to set, or null when nothing changes; a closed schedule is
   * refused (a cancel of a cancelled one answers it as it is).
   */
  private async change(
    client: string,
    id: string,
    next: (row: ScheduleRow) => Partial<ScheduleRow> | null,
    event: IPaymentSchedule.IWebhook["type"] | null = null,
  ): Promise<IPaymentSchedule> {
    return this.ctx.db.transaction(async (tx: DrizzleTx) => {
      const [row] = await tx.select().from(payment_schedules).where(and(eq(payment_schedules.id, id), eq(payment_schedules.client_id, client))).for("update");
      if (row === undefined) throw new PaymentError(404, "SCHEDULE_NOT_FOUND", "No schedule has this id.");
      if (row.status === "cancelled" || row.status === "ended") {
        if (row.status === "cancelled" && event === "subscription.cancelled") return ScheduleRecords.json(row);
        throw new PaymentError(409, "SCHEDULE_CLOSED", `This schedule is ${row.status}: it charges nothing more and cannot be changed.`);
      }
      const set = next(row);
      if (set === null) return ScheduleRecords.json(row);
      const [after] = await tx
        .update(payment_schedules)
        .set({ ...set, updated_at: this.ctx.clock.now() })
        .where(eq(payment_schedules.id, id))
        .returning();
      if (event !== null) await ScheduleRecords.announce(this.ctx, tx, event, row, after!);
      return ScheduleRecords.json(after!);
    });
  }

  /** A split must fit every charge's amount: checked when made and at each new amount. */
  private validSettlement(client: string, plan: IPaymentSettlement.IPlan | null, amount: number): void {
    if (plan !== null) this.settlements.freeze(client, plan, amount);
  }
}
