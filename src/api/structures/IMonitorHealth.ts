/** Liveness / readiness answer of the monitors (plain JSON). */
export interface IMonitorHealth {
  status: "ok" | "unavailable";
  /** Which database this instance uses. */
  database: "postgres" | "pglite";
  /** Seconds since this instance started. */
  uptime: number;
}
