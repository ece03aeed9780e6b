import { spawnSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

import api from "../../../src/api";
import type { IPaymentWebhook } from "../../../src/api/structures/IPaymentWebhook";
import { WebhookReceiver } from "../../../src/api/WebhookReceiver";
import { CLIENT_HEADER } from "../../../src/providers/security/ClientKeyring";
import { PLAIN_CLIENT } from "../../internal/clients";
import { assert, equal, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * A calling service configured for plain webhook bodies verifies a delivery with the
 * official `standardwebhooks` library's ordinary `verify()` (no decryption step), and with
 * our `WebhookReceiver` alike; a body changed on the way fails both. A Python receiver verifies
 * it too, with the standard library alone, by the Standard Webhooks specification (the official
 * Python package cannot be installed here: PyPI is not reachable from this machine).
 */
export async function test_webhooks_plain_body_verified_by_the_standardwebhooks_library(ctx: TestContext): Promise<void> {
  const seen: { body: string; headers: Record<string, string> }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers as Record<string, string> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const connection = { host: ctx.host, encryption: { key: PLAIN_CLIENT.key, iv: PLAIN_CLIENT.iv }, headers: { [CLIENT_HEADER]: PLAIN_CLIENT.id } };
    const id = orderId();
    const { paymentKey } = await tossCardPaid(ctx, id, 8_800);
    const history = await api.functional.payments.histories.create(connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
      source: { schema: "shop", table: "orders", id },
      price: 8_800,
      password: password(),
      webhook_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    });
    const delivery = await WebhookKit.until("the delivery", () => seen[0]);
    equal(delivery.headers["content-type"], "application/json", "plain JSON");

    // The official library, as its README shows it: new Webhook(secret).verify(payload, headers).
    const event = new Webhook(PLAIN_CLIENT.webhook_secrets[0]!).verify(delivery.body, delivery.headers) as IPaymentWebhook;
    equal([event.type, event.current.id, event.previous], ["payment.paid", history.id, null], "verified by standardwebhooks");
    const ours = WebhookReceiver.accept({ secrets: PLAIN_CLIENT.webhook_secrets, encryption: { key: PLAIN_CLIENT.key, iv: PLAIN_CLIENT.iv } }, delivery.headers, delivery.body);
    equal(ours.id, event.id, "and by WebhookReceiver");

    const changed = delivery.body.replace('"payment.paid"', '"payment.cancelled"');
    let refused = false;
    try {
      new Webhook(PLAIN_CLIENT.webhook_secrets[0]!).verify(changed, delivery.headers);
    } catch {
      refused = true;
    }
    assert(refused, "a changed body fails verification");

    // Python, by the specification: HMAC-SHA256 of "id.timestamp.body" with the base64 secret after "whsec_".
    const python = spawnSync("python3", ["-c", PYTHON_RECEIVER], {
      input: JSON.stringify([{ secret: PLAIN_CLIENT.webhook_secrets[0], headers: delivery.headers, body: delivery.body }, { secret: PLAIN_CLIENT.webhook_secrets[0], headers: delivery.headers, body: changed }]),
      encoding: "utf8",
    });
    if (python.error === undefined) equal(python.stdout.trim().split("\n"), ["payment.paid", "refused"], `verified in Python (stderr: ${python.stderr})`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const PYTHON_RECEIVER = `
import base64, hashlib, hmac, json, sys
for case in json.load(sys.stdin):
    h = case["headers"]
    key = base64.b64decode(case["secret"].split("_", 1)[1])
    signed = (h["webhook-id"] + "." + h["webhook-timestamp"] + "." + case["body"]).encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    ok = any(hmac.compare_digest(s.split(",", 1)[1], expected) for s in h["webhook-signature"].split(" ") if s.startswith("v1,"))
    print(json.loads(case["body"])["type"] if ok else "refused")
`;
