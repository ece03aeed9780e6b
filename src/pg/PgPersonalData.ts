/**
 * Where a PG's objects hold a person's data (names, e-mails, phones, addresses, account and
 * card numbers, identity numbers, the merchant's free-form fields), as dotted paths into the
 * object; `*` steps into every element of an array. Each gateway lists its own.
 */
export interface IPgPersonalData {
  /** In its payment object (`IPaymentHistory.data`). */
  readonly payment: readonly string[];
  /** In its billing-key object (`IPaymentReservation.data`). */
  readonly billing: readonly string[];
}

export namespace PgPersonalData {
  /**
   * A copy of `value` with every listed field erased: a string becomes "" and a list [] (so the
   * object keeps its shape for the readers that walk it), anything else null. Amounts, ids, states and
   * dates are never listed, so they stay.
   */
  export const erase = <T>(value: T, paths: readonly string[]): T => {
    if (value === null || value === undefined) return value;
    const copy = structuredClone(value) as unknown;
    for (const path of paths) walk(copy, path.split("."));
    return copy as T;
  };

  const walk = (node: unknown, steps: string[]): void => {
    if (node === null || typeof node !== "object") return;
    const [step, ...rest] = steps;
    if (step === undefined) return;
    if (step === "*") {
      if (Array.isArray(node)) for (const item of node) walk(item, rest);
      return;
    }
    const record = node as Record<string, unknown>;
    if (!(step in record)) return;
    if (rest.length !== 0) return walk(record[step], rest);
    const field = record[step];
    if (field === null || field === undefined) return;
    record[step] = typeof field === "string" ? "" : Array.isArray(field) ? [] : null;
  };
}
