import { Inject, Injectable } from "@nestjs/common";
import { and, asc, eq, gte, lt, type SQL } from "drizzle-orm";

import type { IAccessTrail } from "../../api/structures/IAccessTrail";
import { access_trail } from "../../db/schema";
import { Csv } from "../../utils/Csv";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";

/** The access trail for operators: a period exported as CSV, the chain verified. */
@Injectable()
export class AccessTrailProvider {
  public static readonly MAX_DAYS = 31;

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public async csv(input: IAccessTrail.IRequest): Promise<IAccessTrail.ICsv> {
    const from = new Date(input.from);
    const until = new Date(input.until);
    if (!(from < until)) throw new PaymentError(400, "INVALID_BODY", "`from` must be before `until`.");
    if (until.getTime() - from.getTime() > AccessTrailProvider.MAX_DAYS * 86_400_000)
      throw new PaymentError(400, "INVALID_BODY", `A period is at most ${AccessTrailProvider.MAX_DAYS} days.`);
    // What is still queued is written first, so the export includes the requests just answered.
    await this.ctx.trail.flush();
    const where: SQL[] = [gte(access_trail.at, from), lt(access_trail.at, until)];
    if (input.record_id !== undefined) where.push(eq(access_trail.record_id, input.record_id));
    const rows = await this.ctx.db.select().from(access_trail).where(and(...where)).orderBy(asc(access_trail.seq)).limit(100_000);
    const header = ["seq", "at", "actor_kind", "actor_id", "action", "method", "route", "record_kind", "record_id", "address", "status", "hash"];
    return {
      csv: Csv.of(
        header,
        rows.map((r) => [r.seq, r.at.toISOString(), r.actor_kind, r.actor_id, r.action, r.method, r.route, r.record_kind, r.record_id, r.address, r.status, r.hash]),
      ),
    };
  }

  public async verify(): Promise<IAccessTrail.IVerification> {
    await this.ctx.trail.flush();
    return this.ctx.trail.verify();
  }
}
