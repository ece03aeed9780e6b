/**
 * The fakes' failure injection: rules matched by path prefix and method, each for the next
 * `times` requests (every one when absent), and the held answers of `hang` rules, released at
 * once when the fake closes.
 */
export class FailureRules<Rule extends FailureRules.IRule> {
  private readonly rules: Rule[] = [];
  private readonly sleepers: Set<() => void> = new Set();

  public constructor(initial: Rule[] = []) {
    this.rules.push(...initial.map((r) => ({ ...r })));
  }

  /** Add a rule; returns a function removing it. */
  public add(rule: Rule): () => void {
    const copy = { ...rule };
    this.rules.push(copy);
    return () => {
      const i = this.rules.indexOf(copy);
      if (i !== -1) this.rules.splice(i, 1);
    };
  }

  public clear(): void {
    this.rules.splice(0, this.rules.length);
  }

  /** The first rule matching this request, counted as used. */
  public take(method: string, path: string): Rule | null {
    const rule = this.rules.find((r) => path.startsWith(r.path) && (r.method === undefined || r.method === method) && (r.times ?? 1) > 0);
    if (rule === undefined) return null;
    if (rule.times !== undefined && --rule.times <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return rule;
  }

  /** Hold for `ms`, or until {@link wakeAll}. */
  public sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** How many requests a `hang` holds right now (a scenario waits for its call to be held). */
  public get holding(): number {
    return this.sleepers.size;
  }

  public wakeAll(): void {
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }
}
export namespace FailureRules {
  export interface IRule {
    /** Path prefix. */
    path: string;
    method?: string;
    /** Affects only the next `times` matching requests; default every one. */
    times?: number;
  }
}
