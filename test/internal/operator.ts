import type { IConnection } from "@nestia/fetcher";

import { TestContext } from "../TestContext";

/** What an operator sends: the operator credential, no transport key. */
export const operatorOf = (ctx: TestContext, token = ctx.config.operator_token): IConnection => ({
  host: ctx.host,
  headers: { Authorization: `Bearer ${token}` },
});

/** The server's Prometheus text, scraped as an operator. */
export const metricsOf = async (ctx: TestContext): Promise<string> => {
  const res = await fetch(`${ctx.host}/metrics`, { headers: { authorization: `Bearer ${ctx.config.operator_token}` } });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
};
