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
