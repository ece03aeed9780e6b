import fs from "node:fs";

// autocannon ships no type declarations: the little we use, typed here.
interface IRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: IRequest) => IRequest;
}
interface IResult {
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  latency: { p50: number; p99: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as (options: Record<string, unknown>) => Promise<IResult>;

/**
 * The load generator, run as a CHILD process by bench/index.ts so that autocannon never
 * shares an event loop (or a core's time slices inside one process) with the server it
 * measures. Usage: node lib/bench/load.js SPEC.json  → prints one JSON line (ILoadResult).
 *
 * Requests are given as a list of {path, body}; each request autocannon sends takes the
 * next item (a counter shared by all connections), wrapping around only for reads
 * (`reuse: true`). Registrations must never reuse a body (one PG payment, one history), so
 * they run by `amount` and the list is at least that long.
 */
export interface ILoadSpec {
  url: string;
  method: "PATCH" | "POST";
  headers: Record<string, string>;
  items: { path: string; body: string }[];
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  reuse: boolean;
}
export interface ILoadResult {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Items handed out (autocannon also builds one per connection in advance). */
  used: number;
}

const main = async (): Promise<void> => {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, "utf8")) as ILoadSpec;
  let next = 0;
  const take = () => {
    if (next >= spec.items.length) {
      if (!spec.reuse) throw new Error("load: ran out of request bodies");
      next = 0;
    }
    return spec.items[next++]!;
  };
  const t0 = performance.now();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    pipelining: 1,
    timeout: 30,
    // autocannon ends a run only on its sampling tick (1 s by default): an `amount` run of two
    // seconds and a bit would count three. Sampled every 20 ms, it ends within 20 ms of its
    // last answer.
    sampleInt: 20,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.duration ?? 8 }),
    requests: [
      {
        method: spec.method,
        headers: spec.headers,
        setupRequest: (req: IRequest): IRequest => {
          const item = take();
          return { ...req, path: item.path, body: item.body };
        },
      } satisfies IRequest,
    ],
  });
  // Wall time measured here, from the request of the run to its result.
  const seconds = (performance.now() - t0) / 1000;
  const ok = result["2xx"];
  const out: ILoadResult = {
    // Completed requests over wall time: the per-second average would under-count a
    // partial last second of an `amount` run.
    rps: (ok + result.non2xx) / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
    used: next,
  };
  process.stdout.write(JSON.stringify(out) + "\n");
};
main().catch((exp) => {
  console.error(exp);
  process.exit(1);
});
