import { Inject, Injectable } from "@nestjs/common";
import { and, eq, sql } from "drizzle-orm";

import type { IPaymentReservation } from "../../api/structures/IPaymentReservation";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { password_failures, payment_reservations } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import { PaymentContext } from "../PaymentContext";
import { sourceAccess } from "../SourceAccess";
import { fromPgError, isUniqueViolation } from "../PgErrorMapper";
import { PasswordGuard } from "../security/PasswordGuard";

type Row = typeof payment_reservations.$inferSelect;

/** Billing keys: registered only once the PG confirms them, read one at a time with a password. */
@Injectable()
export class PaymentReservationProvider {
  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  /**
   * Register a billing key. A repeat of a call that left no answer (same idempotency key)
   * finds the reservation that call recorded, by the id its key chose, and answers it.
   */
  public async store(client: string, input: IPaymentReservation.IStore, scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed()): Promise<IPaymentReservation> {
    if (scope.resumed) {
      const [made] = await this.ctx.db
        .select({ id: payment_reservations.id })
        .from(payment_reservations)
        .where(and(eq(payment_reservations.id, scope.record_id), eq(payment_reservations.client_id, client)));
      if (made !== undefined) return this.at(client, made.id, input.password);
    }
    if (!this.ctx.gateways.hasStore(input.vendor))
      throw new PaymentError(422, "UNKNOWN_STORE", `No store "${input.vendor.store_id}" is configured for ${input.vendor.code}.`);
    this.ctx.gateways.require(input.vendor.code, "billing");
    // Refuse a taken source before the PG call: a Toss authKey is single-use.
    const taken = await this.ctx.db
      .select({ id: payment_reservations.id })
      .from(payment_reservations)
      .where(this.bySource(client, input.source));
    if (taken.length) throw duplicate("payment_reservations_source")!;

    let uid: string;
    let data: unknown;
    try {
      // What the PG's billing window gave the browser becomes a billing key at the PG.
      const { password: _password, source: _source, title: _title, ...request } = input;
      ({ uid, data } = await this.ctx.gateways.issueBilling(request));
    } catch (exp) {
      throw fromPgError(exp, "PG_BILLING_NOT_FOUND");
    }

    const id = scope.record_id;
    try {
      await this.ctx.db.insert(payment_reservations).values({
        id,
        client_id: client,
        vendor_code: input.vendor.code,
        vendor_store_id: input.vendor.store_id,
        vendor_uid: uid,
        source_schema: input.source.schema,
        source_table: input.source.table,
        source_id: input.source.id,
        title: input.title,
        data_enc: this.ctx.ciphers.billing.encryptJson(data),
        password_hash: this.ctx.hasher.hash(input.password),
        created_at: new Date(),
      });
    } catch (exp) {
      throw duplicate(exp) ?? exp;
    }
    return this.at(client, id, input.password);
  }

  public async at(client: string, id: string, password: string): Promise<IPaymentReservation> {
    return this.readOne(
      PasswordGuard.target(client, "reservation", id),
      password,
      and(eq(payment_reservations.id, id), eq(payment_reservations.client_id, client))!,
    );
  }

  public async get(client: string, input: IPaymentReservation.IGet): Promise<IPaymentReservation> {
    const { source, password } = sourceAccess(input);
    return this.readOne(
      PasswordGuard.target(client, "reservation", `${source.schema}/${source.table}/${source.id}`),
      password,
      this.bySource(client, source),
    );
  }

  /** The reservation row itself, password checked: for charging. */
  public async unlock(client: string, id: string, password: string): Promise<Row> {
    return (await this.readRow(PasswordGuard.target(client, "reservation", id), password, and(eq(payment_reservations.id, id), eq(payment_reservations.client_id, client))!));
  }

  /** The reservation row by its source, password checked: for charging. */
  public async unlockBySource(client: string, source: IPaymentSource, password: string): Promise<Row> {
    return this.readRow(PasswordGuard.target(client, "reservation", `${source.schema}/${source.table}/${source.id}`), password, this.bySource(client, source));
  }

  private bySource(client: string, source: IPaymentSource) {
    return and(
      eq(payment_reservations.client_id, client),
      eq(payment_reservations.source_schema, source.schema),
      eq(payment_reservations.source_table, source.table),
      eq(payment_reservations.source_id, source.id),
    )!;
  }

  private async readOne(target: string, password: string, where: NonNullable<ReturnType<typeof and>>): Promise<IPaymentReservation> {
    return this.json(await this.readRow(target, password, where));
  }

  private async readRow(target: string, password: string, where: NonNullable<ReturnType<typeof and>>): Promise<Row> {
    // Always one result row (the target's failures, and the record if any): a missing
    // record costs what a wrong password does, so the two cannot be told apart by timing.
    const rows = await this.ctx.db
      .select({ row: payment_reservations, failures: password_failures.failures, window_start: password_failures.window_start })
      .from(sql`(SELECT ${target}::text AS target) t`)
      .leftJoin(password_failures, sql`${password_failures.target} = t.target`)
      .leftJoin(payment_reservations, where);
    const found = rows[0]!;
    await PasswordGuard.check(this.ctx, {
      target,
      password,
      stored: found.row?.password_hash ?? null,
      failures: { failures: found.failures, window_start: found.window_start },
    });
    return found.row!;
  }

  private json(row: Row): IPaymentReservation {
    return {
      id: row.id,
      vendor_code: row.vendor_code as IPaymentVendor.Code,
      vendor: { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id, uid: row.vendor_uid },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      title: row.title,
      data: this.ctx.ciphers.billing.decryptJson<never>(row.data_enc),
      created_at: row.created_at.toISOString(),
      revoked_at: row.revoked_at?.toISOString() ?? null,
    } as IPaymentReservation;
  }
}

const duplicate = (exp: unknown): PaymentError | null => {
  if (exp === "payment_reservations_source" || isUniqueViolation(exp, "payment_reservations_source"))
    return new PaymentError(409, "DUPLICATE_SOURCE", "A billing key is already recorded for this source.");
  if (isUniqueViolation(exp, "payment_reservations_vendor"))
    return new PaymentError(409, "DUPLICATE_RESERVATION", "This billing key is already recorded.");
  return null;
};
