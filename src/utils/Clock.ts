/**
 * The time schedules fall due by: real time in production; in the sandbox and the tests, the
 * same clock is given to the server and to the fake PGs and moved forward, so that a month of
 * billing runs in seconds without anything sleeping.
 */
export class Clock {
  private offsetMs = 0;

  public now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** How far the clock is from real time, in ms. */
  public offset(): number {
    return this.offsetMs;
  }

  /** Move to `at` (time keeps running from there); null: back to real time. */
  public set(at: Date | null): void {
    this.offsetMs = at === null ? 0 : at.getTime() - Date.now();
  }
}
