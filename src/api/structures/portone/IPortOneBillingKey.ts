/**
 * A PortOne V2 billing key (`GET /billing-keys/{billingKey}`), issued in the browser by the
 * billing-key window; payments-server reads it to verify it before keeping it.
 *
 * https://developers.portone.io/api/rest-v2/billingKey (type `BillingKeyInfo`)
 */
export interface IPortOneBillingKey {
  status: "ISSUED" | "DELETED";
  billingKey: string;
  merchantId?: string;
  storeId: string;
  methods?: { type: string; card?: { issuer?: string; brand?: string; number?: string } }[];
  channels?: { type?: string; id?: string; key?: string; name?: string; pgProvider?: string; pgMerchantId?: string }[];
  customer?: { id?: string; name?: string; email?: string };
  issuedAt: string;
  deletedAt?: string;
}
