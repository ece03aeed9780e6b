/**
 * One PG's circuit breaker. After `threshold` calls in a row that got no answer (timeouts,
 * refused connections, 5xx), the PG is left alone: calls fail at once, without being sent,
 * for a cool-down that doubles while it keeps failing (up to `maxCooldownMs`). Then one call
 * is let through as a probe: its success closes the breaker and every caller goes at full
 * speed again; its failure opens it for the next cool-down. A PG that is down thus gets one
 * call per cool-down instead of a flood of calls that each wait for their timeout.
 */
export class PgCircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private cooldownMs: number;
  private probing = false;

  public constructor(
    private readonly props: {
      threshold: number;
      minCooldownMs: number;
      maxCooldownMs: number;
      /** Told when the breaker opens (true) and closes (false). */
      onChange: (open: boolean) => void;
      now?: () => number;
    },
  ) {
    this.cooldownMs = props.minCooldownMs;
  }

  /** Whether calls are being held back now (open, or half-open with its probe out). */
  public get open(): boolean {
    return this.openUntil !== 0 && (this.now() < this.openUntil || this.probing);
  }

  /** When a probe may go, in epoch ms (0 when closed). */
  public get retryAt(): number {
    return this.openUntil;
  }

  /** May a call go now? A true answer while open makes that call the probe. */
  public admit(): boolean {
    if (this.openUntil === 0) return true;
    if (this.probing || this.now() < this.openUntil) return false;
    this.probing = true;
    return true;
  }

  /** The PG answered (whatever it said: a refusal is an answer). */
  public success(): void {
    this.failures = 0;
    if (this.openUntil === 0) return;
    this.openUntil = 0;
    this.probing = false;
    this.cooldownMs = this.props.minCooldownMs;
    this.props.onChange(false);
  }

  /** The PG did not answer. */
  public failure(): void {
    if (this.openUntil !== 0) {
      // The probe failed (or a call admitted before the breaker opened): wait longer.
      if (this.probing) this.cooldownMs = Math.min(this.cooldownMs * 2, this.props.maxCooldownMs);
      this.probing = false;
      this.openUntil = this.now() + this.cooldownMs;
      return;
    }
    if (++this.failures < this.props.threshold) return;
    this.openUntil = this.now() + this.cooldownMs;
    this.props.onChange(true);
  }

  private now(): number {
    return (this.props.now ?? Date.now)();
  }
}
