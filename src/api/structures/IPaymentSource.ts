import { tags } from "typia";

/**
 * The caller's own record a payment or billing key belongs to, e.g. an order:
 * `{schema: "shop", table: "orders", id: "<order id>"}`. `id` is also the order id given
 * to the PG (Toss `orderId`, Iamport `merchant_uid`).
 */
export interface IPaymentSource {
  schema: string & tags.MinLength<1> & tags.MaxLength<64>;
  table: string & tags.MinLength<1> & tags.MaxLength<64>;
  /** Toss accepts 6–64 chars of `[A-Za-z0-9_-]` as an orderId; the same rule keeps both PGs usable. */
  id: string & tags.MinLength<6> & tags.MaxLength<64> & tags.Pattern<"^[A-Za-z0-9_-]+$">;
}
export namespace IPaymentSource {
  /**
   * A source and its record's password in one flat object, as `payment-backend`'s SDK
   * sends a read by source: `{schema, table, id, password}`. Same meaning as
   * `{source: {schema, table, id}, password}`.
   */
  export interface IAccessor extends IPaymentSource {
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }
}
