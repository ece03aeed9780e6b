import { tags } from "typia";

/**
 * A payment of Iamport (PortOne V1), as answered by `GET /payments/{imp_uid}`.
 *
 * Timestamps are unix seconds, `0` when the event has not happened. Money is an integer
 * number of the currency's minor unit. On a partial cancel Iamport keeps `status: "paid"`
 * and raises `cancel_amount`; `status` becomes `"cancelled"` only once fully cancelled.
 */
export interface IIamportPayment {
  /** Iamport's id of the payment, e.g. `imp_123456789012`. */
  imp_uid: string;
  /** The merchant's own order id. */
  merchant_uid: string;
  pay_method: IIamportPayment.PayMethod;
  /** `pc`, `mobile` or `api` (server-to-server, e.g. subscribe payments). */
  channel: string;
  /** PG company code, e.g. `nice`, `html5_inicis`, `tosspayments`. */
  pg_provider: string;
  /** Easy-pay provider inside the PG window (`kakaopay`, `naverpay`, ...). */
  emb_pg_provider: string | null;
  /** The PG's own transaction id. */
  pg_tid: string | null;
  /** PG merchant id (MID). */
  pg_id: string | null;
  escrow: boolean;
  /** Card/bank approval number. */
  apply_num: string | null;
  /** Bank of a bank transfer (`trans`). */
  bank_code: string | null;
  bank_name: string | null;
  card_code: string | null;
  card_name: string | null;
  /** Instalment months, `0` for a lump sum. */
  card_quota: number & tags.Type<"uint32">;
  /** Masked card number, e.g. `4092-02**-****-1234`. */
  card_number: string | null;
  /** `0` credit, `1` check card, `null` when unknown. */
  card_type: number | null;
  vbank_code: string | null;
  vbank_name: string | null;
  vbank_num: string | null;
  vbank_holder: string | null;
  /** Virtual account deposit deadline, unix seconds (0 when not a virtual account). */
  vbank_date: number & tags.Type<"uint64">;
  /** When the virtual account was issued, unix seconds. */
  vbank_issued_at: number & tags.Type<"uint64">;
  /** Order name. */
  name: string | null;
  amount: number & tags.Type<"uint64">;
  /** Sum of all cancels so far. */
  cancel_amount: number & tags.Type<"uint64">;
  /** `KRW`, `USD`, ... */
  currency: string;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string | null;
  status: IIamportPayment.Status;
  started_at: number & tags.Type<"uint64">;
  paid_at: number & tags.Type<"uint64">;
  failed_at: number & tags.Type<"uint64">;
  cancelled_at: number & tags.Type<"uint64">;
  fail_reason: string | null;
  cancel_reason: string | null;
  receipt_url: string | null;
  cancel_history: IIamportPayment.ICancelHistory[];
  cancel_receipt_urls: string[];
  cash_receipt_issued: boolean;
  /** Billing key used or issued by this payment. */
  customer_uid: string | null;
  /** `issue` (key issued), `payment` (charged with a key), `payment.scheduled`. */
  customer_uid_usage: string | null;
  /** Not part of the real object's documented fields: fake/test-mode marker. */
  sandbox?: boolean;
}
export namespace IIamportPayment {
  export type Status = "ready" | "paid" | "cancelled" | "failed";
  export type PayMethod =
    | "card"
    | "trans"
    | "vbank"
    | "phone"
    | "samsung"
    | "kpay"
    | "kakaopay"
    | "payco"
    | "lpay"
    | "ssgpay"
    | "tosspay"
    | "naverpay"
    | "cultureland"
    | "smartculture"
    | "happymoney"
    | "booknlife"
    | "point";

  /** One (full or partial) cancel of a payment. */
  /** A page of `GET /payments/status/{status}`. */
  export interface IPage {
    total: number & tags.Type<"uint32">;
    /** The previous page's number, 0 on the first. */
    previous: number & tags.Type<"uint32">;
    /** The next page's number, 0 on the last. */
    next: number & tags.Type<"uint32">;
    list: IIamportPayment[];
  }

  export interface ICancelHistory {
    pg_tid: string;
    amount: number & tags.Type<"uint64">;
    /** Unix seconds. */
    cancelled_at: number & tags.Type<"uint64">;
    reason: string;
    receipt_url: string;
    /** Iamport's id of this cancel (newer API versions; may be absent on old records). */
    cancellation_id?: string;
  }
}
