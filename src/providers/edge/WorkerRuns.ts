import type { Database } from "../../db/Database";

/**
 * Work done by one instance at a time on a schedule all instances share (`worker_runs`): a
 * run is claimed by the one statement that moves the row's `due_at` on, so two instances that
 * wake together run it once; a run whose instance died is taken again once its lease ends.
 */
export class WorkerRuns {
  public constructor(private readonly database: Database) {}

  /**
   * Claim `name` if it is due: its next run is set `nextInSeconds` from now, and it is held
   * for `leaseSeconds`. True when this call claimed it.
   */
  public async claim(name: string, nextInSeconds: number, leaseSeconds: number): Promise<boolean> {
    await this.database.query("INSERT INTO worker_runs (name, due_at) VALUES ($1, now()) ON CONFLICT (name) DO NOTHING", [name], "worker_runs_seed");
    const rows = await this.database.query(
      `UPDATE worker_runs SET due_at = now() + make_interval(secs => $2::int), locked_until = now() + make_interval(secs => $3::int), last_started_at = now()
        WHERE name = $1 AND due_at <= now() AND (locked_until IS NULL OR locked_until < now()) RETURNING name`,
      [name, nextInSeconds, leaseSeconds],
      "worker_runs_claim",
    );
    return rows.length !== 0;
  }

  /** The run ended (its outcome kept for the operator); the next one waits for its due time. */
  public async finish(name: string, outcome: string): Promise<void> {
    await this.database.query("UPDATE worker_runs SET locked_until = NULL, last_finished_at = now(), last_outcome = $2 WHERE name = $1", [name, outcome.slice(0, 500)], "worker_runs_finish");
  }
}
