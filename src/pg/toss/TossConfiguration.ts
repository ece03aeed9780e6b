import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/** Toss Payments v1: its API and its stores (merchant accounts), by our `store_id`. */
export interface ITossConfiguration {
  /** Base URL of the Toss Payments API (the fake in sandbox). */
  api_url: string & tags.Format<"uri">;
  /** `store_id` → keys. */
  stores: Record<
    string,
    {
      secret_key: string & tags.MinLength<1>;
      client_key?: string;
      /** The payouts (지급대행) security key: 64 hex characters; without it, the store pays no seller. */
      security_key?: string & tags.Pattern<"^[0-9a-fA-F]{64}$">;
    }
  >;
}

export namespace TossConfiguration {
  /** Its environment variables, declared once (the README's table and .env.example read them). */
  export const ENVIRONMENT = {
    TOSS_API_URL: "Toss API base (sandbox: the fake; production: https://api.tosspayments.com)",
    TOSS_STORES: 'JSON {"store_id":{"secret_key","client_key","security_key"}} (security_key: payouts, 64 hex)',
  } as const;

  /** Where a typia path of this section comes from. */
  export const PATHS: [RegExp, string][] = [
    [/^toss\.api_url/, "TOSS_API_URL"],
    [/^toss\.stores/, "TOSS_STORES"],
  ];

  /** Sandbox defaults: the fake Toss's test keys, public and never valid at Toss. */
  export const SANDBOX = {
    store_id: "sandbox-toss",
    secret_key: "test_sk_sandbox_payments_server",
    client_key: "test_ck_sandbox_payments_server",
    /** SANDBOX ONLY: the fake Toss's payouts security key. */
    security_key: "5a4e5d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0918273645546372819a",
  } as const;

  /** The fake Toss's port variable and default (the sandbox starts it there). */
  export const FAKE_PORT = ["FAKE_TOSS_PORT", 37_002] as const;

  export const read = (r: IEnvironmentReader): ITossConfiguration => ({
    api_url: r.env.TOSS_API_URL || `http://127.0.0.1:${r.int(...FAKE_PORT)}`,
    stores: r.json("TOSS_STORES", { [SANDBOX.store_id]: { secret_key: SANDBOX.secret_key, client_key: SANDBOX.client_key, security_key: SANDBOX.security_key } }),
  });
}
