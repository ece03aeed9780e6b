/**
 * The fakes' webhook sender: a POST per attempt, fire and forget (API answers never wait for
 * it), retried after each of `delaysMs` until an answer `delivered` accepts, then given up;
 * every attempt kept in a bounded log. Each attempt's request is made by the PG's own rule
 * (a signature is made per attempt where the PG signs).
 *
 * FAKE DIFFERS: retry timers use the real clock, not a fake's injectable one.
 */
export class WebhookSender<Delivery extends WebhookSender.IDelivery> {
  private readonly log: Delivery[] = [];
  private readonly timers: Set<NodeJS.Timeout> = new Set();
  private sequence = 0;
  private closed = false;

  public constructor(
    private readonly props: {
      delaysMs: () => number[];
      timeoutMs: number;
      maxLog: number;
      now: () => Date;
      /** Which answers count as delivered (Toss: 200 only). */
      delivered: (status: number) => boolean;
    },
  ) {}

  /** Log and send; `request` makes each attempt's headers and body. */
  public send(delivery: Omit<Delivery, keyof WebhookSender.IDelivery>, url: string, request: () => { headers: Record<string, string>; body: string }): void {
    if (this.closed) return;
    const d = { ...delivery, id: ++this.sequence, url, attempts: [], delivered: false, gave_up: false } as unknown as Delivery;
    this.log.push(d);
    if (this.log.length > this.props.maxLog) this.log.splice(0, this.log.length - this.props.maxLog);
    this.schedule(d, request, 0);
  }

  /** Newest last. */
  public deliveries(filter: (d: Delivery) => boolean = () => true): Delivery[] {
    return this.log.filter(filter);
  }

  public close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(d: Delivery, request: () => { headers: Record<string, string>; body: string }, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(d, request);
    }, delayMs);
    timer.unref(); // a pending retry must not keep a test process alive
    this.timers.add(timer);
  }

  private async attempt(d: Delivery, request: () => { headers: Record<string, string>; body: string }): Promise<void> {
    if (this.closed) return;
    const record: WebhookSender.IAttempt = { at: this.props.now().toISOString(), status: null, error: null };
    d.attempts.push(record);
    try {
      const { headers, body } = request();
      const response = await fetch(d.url, { method: "POST", headers, body, signal: AbortSignal.timeout(this.props.timeoutMs) });
      record.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (exp) {
      record.error = exp instanceof Error ? exp.message : String(exp);
    }
    if (record.status !== null && this.props.delivered(record.status)) {
      d.delivered = true;
      return;
    }
    const delays = this.props.delaysMs();
    const retry = d.attempts.length - 1; // retries already made
    if (retry >= delays.length) d.gave_up = true;
    else this.schedule(d, request, delays[retry]!);
  }
}
export namespace WebhookSender {
  export interface IDelivery {
    id: number;
    url: string;
    attempts: IAttempt[];
    /** accepted by the receiver */
    delivered: boolean;
    /** every retry failed */
    gave_up: boolean;
  }
  export interface IAttempt {
    /** ISO-8601, the fake's clock */
    at: string;
    /** HTTP status, null when there was no answer */
    status: number | null;
    error: string | null;
  }
}
