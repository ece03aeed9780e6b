import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";
import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";

import type { IPaymentCashReceipt } from "./structures/IPaymentCashReceipt";
import type { IPaymentEscrow } from "./structures/IPaymentEscrow";
import type { IPaymentSchedule } from "./structures/IPaymentSchedule";
import type { IPaymentSettlement } from "./structures/IPaymentSettlement";
import type { IPaymentWebhook } from "./structures/IPaymentWebhook";

/**
 * Accept a webhook from payments-server in a calling service:
 *
 * ```ts
 * const event = WebhookReceiver.accept(
 *   { secrets: [process.env.PAYMENTS_WEBHOOK_SECRET!], encryption: { key, iv } },
 *   request.headers, rawBodyString,
 * ); // throws WebhookReceiver.RejectedError: answer 400 then
 * ```
 *
 * Checks the Standard Webhooks signature over the raw body (any of `secrets` may match:
 * rotation), the timestamp (± `toleranceSeconds`, default 300), then decrypts the body with
 * the service's transport key. Deliveries are at least once: deduplicate by `event.id`.
 */
export namespace WebhookReceiver {
  export interface IProps {
    /** `whsec_…` secrets of this service; two during a rotation. */
    secrets: string | string[];
    /** The service's transport key pair (the same as its SDK connection's `encryption`). */
    encryption: { key: string; iv: string };
    /** Accepted clock skew and age, in seconds. Default 300. */
    toleranceSeconds?: number;
    /** For tests: the current time. */
    now?: Date;
  }

  export class RejectedError extends Error {
    public constructor(message: string) {
      super(message);
      this.name = "WebhookReceiver.RejectedError";
    }
  }

  export const accept = <Event extends IPaymentWebhook | IPaymentCashReceipt.IWebhook | IPaymentEscrow.IWebhook | IPaymentSchedule.IWebhook | IPaymentSettlement.IPayoutWebhook | { id: string; type: string } = IPaymentWebhook>(
    props: IProps,
    headers: Record<string, string | string[] | undefined>,
    body: string | Buffer,
  ): Event => {
    const header = (name: string): string => {
      const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
      const value = Array.isArray(found) ? found[0] : found;
      if (typeof value !== "string" || value === "") throw new RejectedError(`missing ${name} header`);
      return value;
    };
    const id = header("webhook-id");
    const timestamp = Number(header("webhook-timestamp"));
    const signatures = header("webhook-signature").split(" ");
    const text = typeof body === "string" ? body : body.toString("utf8");

    const now = Math.floor((props.now ?? new Date()).getTime() / 1000);
    const tolerance = props.toleranceSeconds ?? 300;
    if (!Number.isInteger(timestamp)) throw new RejectedError("invalid webhook-timestamp");
    if (Math.abs(now - timestamp) > tolerance) throw new RejectedError("webhook-timestamp outside the tolerance");

    const secrets = typeof props.secrets === "string" ? [props.secrets] : props.secrets;
    const given = signatures.filter((s) => s.startsWith("v1,")).map((s) => Buffer.from(s.slice(3)));
    const ok = secrets.some((secret) => {
      const expected = Buffer.from(new Webhook(secret).sign(id, new Date(timestamp * 1000), text).slice(3));
      return given.some((g) => g.length === expected.length && crypto.timingSafeEqual(g, expected));
    });
    if (!ok) throw new RejectedError("no matching signature");

    let event: Event;
    try {
      // A client configured for plain bodies gets the event as JSON; otherwise it is encrypted.
      event = JSON.parse(text.startsWith("{") ? text : AesPkcs5.decrypt(text, props.encryption.key, props.encryption.iv)) as Event;
    } catch {
      throw new RejectedError("the body does not decrypt with this transport key");
    }
    if (event.id !== id) throw new RejectedError("webhook-id does not match the event");
    return event;
  };
}
