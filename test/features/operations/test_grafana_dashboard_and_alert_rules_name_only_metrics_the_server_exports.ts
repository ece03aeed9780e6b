import fs from "node:fs";
import path from "node:path";

import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * The committed Grafana dashboard (`deploy/grafana/payments-server.json`) and Prometheus alert
 * rules (`deploy/prometheus/alerts.yml`) query only metrics the running server exports on
 * `/metrics` (a renamed metric would leave a panel empty and an alert silent), and every
 * dashboard panel has a query. CI also runs `promtool check rules` and `promtool test rules`.
 */
export async function test_grafana_dashboard_and_alert_rules_name_only_metrics_the_server_exports(ctx: TestContext): Promise<void> {
  const text = await (await fetch(`${ctx.connection.host}/metrics`, { headers: { authorization: `Bearer ${ctx.config.operator_token}` } })).text();
  const exported = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    exported.add(m[1]!);
    if (m[2] === "histogram") for (const suffix of ["_bucket", "_count", "_sum"]) exported.add(m[1]! + suffix);
  }
  const dashboard = JSON.parse(fs.readFileSync(path.resolve("deploy/grafana/payments-server.json"), "utf8")) as { panels: { title: string; targets?: { expr: string }[] }[] };
  const rules = fs.readFileSync(path.resolve("deploy/prometheus/alerts.yml"), "utf8");
  const exprs = [...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)), rules];
  const named = new Set(exprs.flatMap((e) => [...e.matchAll(/\bpayments_[a-z_]+\b/g)].map((m) => m[0])));
  assert(named.size >= 10, `the dashboard and rules query the server's metrics (${named.size})`);
  equal([...named].filter((n) => !exported.has(n)), [], "metrics queried but not exported");
  equal(dashboard.panels.filter((p) => (p.targets ?? []).length === 0).map((p) => p.title), [], "panels without a query");
}
