import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/** Toss Payments v1: its API and its stores (merchant accounts), by our `store_id`. */
export interface ITossConfiguration {
  /** Base URL of the Toss Payments API (the fake in sandbox). */
  api_url: string & tags.Format<"uri">;
  /** `store_id` → keys. */
  stores: Record<string, { secret_key: string & tags.MinLength<1>; client_key?: string }>;
}

export namespace TossConfiguration {
  /** Its environment variables, declared once (the README's table and .env.example read them). */
  export const ENVIRONMENT = {
    TOSS_API_URL: "Toss API base (sandbox: the fake; production: https://api.tosspayments.com)",
    TOSS_STORES: 'JSON {"store_id":{"secret_key","client_key"}}',
  } as const;

  /** Where a typia path of this section comes from. */
  export const PATHS: [RegExp, string][] = [
    [/^toss\.api_url/, "TOSS_API_URL"],
    [/^toss\.stores/, "TOSS_STORES"],
  ];

  export const read = (
    r: IEnvironmentReader,
    sandbox: { fake_port: number; store_id: string; secret_key: string; client_key: string },
  ): ITossConfiguration => ({
    api_url: r.env.TOSS_API_URL || `http://127.0.0.1:${sandbox.fake_port}`,
    stores: r.json("TOSS_STORES", { [sandbox.store_id]: { secret_key: sandbox.secret_key, client_key: sandbox.client_key } }),
  });
}
