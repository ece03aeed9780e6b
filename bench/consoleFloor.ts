import pg from "pg";

import { ConsoleQueries } from "../src/console/ConsoleQueries";
import { pct, RUNS, SEARCHES } from "./console";

/** The console search's floor (bench/console.ts): its statements through a bare `pg` client, timings as JSON on stdout. */
const main = async (): Promise<void> => {
  const [url, total] = process.argv.slice(2);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out: Record<string, { p50: string; p99: string }> = {};
  for (const s of SEARCHES(Number(total))) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 20; ++i) {
      const statement = ConsoleQueries.search(s.input, ["toss.payments", "iamport", "portone"], new Date());
      const t = performance.now();
      await client.query(statement.text, statement.params);
      if (i >= 20) times.push(performance.now() - t);
    }
    out[s.label] = { p50: pct(times, 0.5), p99: pct(times, 0.99) };
  }
  await client.end();
  process.stdout.write(JSON.stringify(out));
};

main().catch((exp) => {
  console.error(exp);
  process.exit(1);
});
