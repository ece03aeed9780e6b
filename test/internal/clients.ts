/**
 * A second calling service the test program configures, receiving its webhooks as plain
 * JSON (`webhook_body: "plain"`). Test values only.
 */
export const PLAIN_CLIENT = {
  id: "plain-receiver",
  key: "plain-receiver-transport-key-32b",
  iv: "plain-receiver-i",
  webhook_secrets: ["whsec_cGxhaW4tcmVjZWl2ZXItd2ViaG9vay1zZWNyZXQ="],
  webhook_body: "plain" as const,
};

/**
 * A shop bound to issue cash receipts (현금영수증 의무발행업종): its policy issues one for every
 * payment in cash of 100,000 won or more. Test values only.
 */
export const RECEIPT_CLIENT = {
  id: "receipt-shop",
  key: "receipt-shop-transport-key-32byt",
  iv: "receipt-shop-iv!",
  webhook_secrets: ["whsec_cmVjZWlwdC1zaG9wLXdlYmhvb2stc2VjcmV0"],
  cash_receipt_policy: { issue: "threshold" as const, threshold: 100_000 },
};
