import { IIamportWebhook } from "../../api/structures/iamport/IIamportWebhook";

/**
 * Sends Iamport's `notice_url` webhooks: a POST of `{imp_uid, merchant_uid, status}`, fire and
 * forget (API answers never wait for a webhook), kept in a bounded log.
 *
 * FAKE DIFFERS: one attempt, no retry schedule (resend with POST /internal/payments/:imp_uid/webhook).
 */
export class FakeIamportWebhooks {
  private readonly log: FakeIamportWebhooks.IDelivery[] = [];

  public constructor(private readonly props: { timeoutMs: number; maxLog: number }) {}

  public send(url: string, body: IIamportWebhook): void {
    const record: FakeIamportWebhooks.IDelivery = { url, body, status: null, error: null };
    this.log.push(record);
    if (this.log.length > this.props.maxLog) this.log.shift();
    setImmediate(() => {
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.props.timeoutMs),
      })
        .then(async (res) => {
          record.status = res.status;
          await res.arrayBuffer().catch(() => undefined);
        })
        .catch((exp: unknown) => {
          record.error = exp instanceof Error ? exp.message : String(exp);
        });
    });
  }

  /** Newest last. */
  public deliveries(): FakeIamportWebhooks.IDelivery[] {
    return this.log;
  }
}
export namespace FakeIamportWebhooks {
  export interface IDelivery {
    url: string;
    body: IIamportWebhook;
    /** Receiver's HTTP status once answered. */
    status: number | null;
    error: string | null;
  }
}
