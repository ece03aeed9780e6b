import { sql } from "drizzle-orm";

import { password_failures } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";

/**
 * Password checks of one-record reads, with failed attempts limited per target.
 *
 * Probing: an unknown record and a wrong password give the same 404 NOT_FOUND, in the same
 * time (a dummy hash is computed for a missing record), and the attempt limit counts the
 * requested target whether or not it exists. So a caller learns nothing about which
 * records exist without their password. (Records are also scoped to the calling client.)
 */
export namespace PasswordGuard {
  /** `failures` and `window_start` as read together with the record (one query). */
  export interface IFailures {
    failures: number | null;
    window_start: Date | null;
  }

  export const target = (client: string, kind: string, key: string): string => `${client}|${kind}|${key}`;

  /**
   * Throws 429 when the target is locked, 404 when the record is missing or the password
   * wrong (recording the failure); returns when the password matches.
   */
  export const check = async (
    ctx: PaymentContext,
    props: { target: string; password: string; stored: string | null; failures: IFailures },
  ): Promise<void> => {
    const failures = props.failures;
    const windowMs = ctx.config.password_failure_window_seconds * 1000;
    if (
      failures.failures !== null &&
      failures.window_start !== null &&
      failures.failures >= ctx.config.password_max_failures &&
      Date.now() - failures.window_start.getTime() < windowMs
    )
      throw new PaymentError(429, "TOO_MANY_ATTEMPTS", "Too many wrong passwords for this record; try again later.");

    const ok = props.stored !== null ? ctx.hasher.verify(props.password, props.stored) : (ctx.hasher.burn(props.password), false);
    if (ok) {
      if (failures.failures !== null) await ctx.db.delete(password_failures).where(sql`${password_failures.target} = ${props.target}`);
      return;
    }
    await ctx.db
      .insert(password_failures)
      .values({ target: props.target, failures: 1, window_start: new Date() })
      .onConflictDoUpdate({
        target: password_failures.target,
        set: {
          failures: sql`CASE WHEN ${password_failures.window_start} < now() - make_interval(secs => ${ctx.config.password_failure_window_seconds}) THEN 1 ELSE ${password_failures.failures} + 1 END`,
          window_start: sql`CASE WHEN ${password_failures.window_start} < now() - make_interval(secs => ${ctx.config.password_failure_window_seconds}) THEN now() ELSE ${password_failures.window_start} END`,
        },
      });
    throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
  };
}
