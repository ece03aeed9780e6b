import { PgError } from "../pg/PgError";
import { ErrorCode, PaymentError } from "../utils/PaymentError";

/**
 * A PG's refusal in our error model: the PG's own code and message stay in the message and,
 * as they are, in the body's `pg: {code, message}`, so that a caller can tell a stolen card
 * from a declined one without parsing prose.
 */
export const fromPgError = (exp: unknown, notFound: ErrorCode = "PG_PAYMENT_NOT_FOUND"): unknown => {
  if (!(exp instanceof PgError)) return exp;
  const { kind, pg_code, message, vendor } = exp.props;
  const detail = `${vendor} answered ${pg_code}: ${message}`;
  const pg = { pg: { code: pg_code, message } };
  switch (kind) {
    case "not_found":
      return new PaymentError(422, notFound, detail, false, pg);
    case "rejected":
      return new PaymentError(422, "PG_REJECTED", detail, false, pg);
    case "unauthorized":
      return pg_code === "UNKNOWN_STORE"
        ? new PaymentError(422, "UNKNOWN_STORE", `No such store is configured for ${vendor}.`)
        : new PaymentError(502, "PG_MISCONFIGURED", `${vendor} refused our credentials for this store (${pg_code}).`, false, pg);
    case "unavailable":
      return new PaymentError(502, "PG_UNAVAILABLE", detail, false, pg);
  }
};

/** Unique-index violation (PostgreSQL 23505) of the named index, through drizzle's wrapper. */
export const isUniqueViolation = (exp: unknown, index?: string): boolean => {
  for (let e: any = exp; e; e = e.cause) {
    if (e.code === "23505") return index === undefined || String(e.constraint ?? e.message ?? "").includes(index);
  }
  return false;
};
