import { tags } from "typia";

/**
 * How one server process is doing: the worker that answered (under pm2, each worker answers
 * for itself; ask again to reach another, or run `npm run monitor`).
 */
export interface IMonitorPerformance {
  /** pm2's instance number of this worker (`NODE_APP_INSTANCE`), `null` outside pm2. */
  worker: string | null;
  pid: number & tags.Type<"uint32">;
  /** Seconds since the process started. */
  uptime: number;
  /** CPU time used since the process started, in microseconds. */
  cpu: { user: number; system: number };
  /** Bytes. */
  memory: { rss: number; heap_total: number; heap_used: number; external: number; array_buffers: number };
  event_loop: {
    /**
     * How late the event loop ran, in milliseconds, over the last full minute (the current one
     * in the first minute): the excess over its 20 ms sampling interval, so an idle loop reads
     * 0, with a resolution of about 1 ms. Reading does not reset it.
     */
    delay: { p50: number; p99: number; max: number };
    /** Share of time the loop was busy (0–1), since the last call (or start). */
    utilization: number;
  };
  /** Active handles and requests (sockets, timers, …) by kind. */
  handles: Record<string, number>;
}
