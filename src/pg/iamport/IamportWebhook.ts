/**
 * What an Iamport (PortOne V1) notification names: `imp_uid` and `merchant_uid`, sent as
 * JSON or as a form. It carries no proof; the payment is re-read with `GET /payments/{imp_uid}`.
 */
export namespace IamportWebhook {
  export type Parsed = { kind: "payment"; imp_uid: string; merchant_uid: string | null; status: string | null } | { kind: "unknown" };

  export const parse = (body: unknown): Parsed => {
    if (typeof body !== "object" || body === null) return { kind: "unknown" };
    const b = body as Record<string, unknown>;
    const imp_uid = typeof b.imp_uid === "string" ? b.imp_uid : null;
    if (imp_uid === null || imp_uid.length === 0 || imp_uid.length > 200) return { kind: "unknown" };
    return {
      kind: "payment",
      imp_uid,
      merchant_uid: typeof b.merchant_uid === "string" ? b.merchant_uid : null,
      status: typeof b.status === "string" ? b.status : null,
    };
  };
}
