import type { IPaymentSource } from "../api/structures/IPaymentSource";

/** A read by source in either accepted form: `{source, password}` or the flat `{schema, table, id, password}`. */
export const sourceAccess = (
  input: { source: IPaymentSource; password: string } | IPaymentSource.IAccessor,
): { source: IPaymentSource; password: string } =>
  "source" in input ? input : { source: { schema: input.schema, table: input.table, id: input.id }, password: input.password };
