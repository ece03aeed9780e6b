import { tags } from "typia";

/**
 * An amount of money in the currency's minor unit (KRW: won): a whole number from 0 to
 * 2^53 − 1 (9,007,199,254,740,991). Every integer in that range is exact in JSON, in a
 * JavaScript number, in PostgreSQL BIGINT and at the PGs, so an amount is never rounded on
 * its way; anything larger is refused (400 INVALID_BODY) rather than silently changed.
 */
export type IPaymentMoney = number & tags.Type<"uint64"> & tags.Maximum<9007199254740991>;
