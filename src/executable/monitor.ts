import api from "../api";
import type { IMonitorPerformance } from "../api/structures/IMonitorPerformance";
import { ConfigurationError, PaymentConfiguration } from "../PaymentConfiguration";

/**
 * `npm run monitor [url]`: what a running server says of itself, with the operator
 * credential (OPERATOR_TOKEN). Under pm2 each request reaches one worker: the monitor asks
 * several times and prints every worker that answered.
 */
const main = async (): Promise<void> => {
  const config = PaymentConfiguration.load();
  const host = process.argv[2] ?? `http://127.0.0.1:${config.port}`;
  const connection = { host, headers: { Authorization: `Bearer ${config.operator_token}` } };
  const system = await api.functional.monitors.system(connection);
  const workers = new Map<number, IMonitorPerformance>();
  for (let i = 0; i < 12; ++i) {
    const p = await api.functional.monitors.performance(connection);
    workers.set(p.pid, p);
  }
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`payments-server ${system.version} (${system.commit.slice(0, 12)}, built ${system.built_at ?? "?"}) on Node ${system.node}`);
  console.log(`  started ${system.started_at}; database ${system.database.kind}, migrations ${system.database.migrations.applied} (${system.database.migrations.latest ?? "none"})`);
  for (const p of [...workers.values()].sort((a, b) => a.pid - b.pid))
    console.log(
      `  worker ${p.worker ?? "-"} pid ${p.pid}: up ${p.uptime.toFixed(0)} s, cpu ${(p.cpu.user / 1e6).toFixed(2)} s user ${(p.cpu.system / 1e6).toFixed(2)} s sys, ` +
        `rss ${mb(p.memory.rss)}, heap ${mb(p.memory.heap_used)}/${mb(p.memory.heap_total)}, ` +
        `event loop p50 ${p.event_loop.delay.p50} ms p99 ${p.event_loop.delay.p99} ms, busy ${(p.event_loop.utilization * 100).toFixed(1)} %, ` +
        `handles ${Object.entries(p.handles).map(([k, n]) => `${k} ${n}`).join(", ")}`,
    );
};

main().catch((exp) => {
  console.error(exp instanceof ConfigurationError ? exp.message : exp instanceof Error ? exp.message : exp);
  process.exit(1);
});
