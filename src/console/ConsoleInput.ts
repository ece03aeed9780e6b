import type { IValidation } from "typia";

import { PaymentError } from "../utils/PaymentError";

/**
 * A console route's query, decoded and checked by typia, and refused when it names a field
 * its type does not (typia's query decoder keeps only the declared ones): 400 `INVALID_BODY`.
 */
export const consoleQuery = <T extends object>(raw: Record<string, unknown>, validate: (input: URLSearchParams) => IValidation<T>): T => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, String(one));
  const result = validate(params);
  if (!result.success) {
    const first = result.errors[0];
    throw new PaymentError(400, "INVALID_BODY", `Invalid query: ${first ? `${first.path.replace(/^\$input\.?/, "")} should be ${first.expected}` : "not as expected"}.`);
  }
  const unknown = [...new Set(params.keys())].filter((k) => !(k in result.data));
  if (unknown.length > 0) throw new PaymentError(400, "INVALID_BODY", `Invalid query: unknown field${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}.`);
  return result.data;
};
