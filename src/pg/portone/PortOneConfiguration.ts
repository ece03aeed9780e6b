import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/** PortOne V2: its API and its stores, by our `store_id`. */
export interface IPortOneConfiguration {
  /** Base URL of the PortOne V2 API (the fake in sandbox). */
  api_url: string & tags.Format<"uri">;
  /** `store_id` → PortOne's store id, the V2 API secret, the webhook secret, the window's channel key. */
  stores: Record<
    string,
    {
      /** PortOne's own store id (`store-…`), sent with every call. */
      store_id: string & tags.MinLength<1>;
      api_secret: string & tags.MinLength<1>;
      /** The console's webhook secret (`whsec_…`, base64): verifies incoming webhooks. */
      webhook_secret: string & tags.MinLength<1>;
      /** Channel key the browser SDK opens the window with (given to prepared orders). */
      channel_key?: string;
    }
  >;
}

export namespace PortOneConfiguration {
  /** Its environment variables, declared once (the README's table and .env.example read them). */
  export const ENVIRONMENT = {
    PORTONE_API_URL: "PortOne V2 API base (sandbox: the fake; production: https://api.portone.io)",
    PORTONE_STORES: 'JSON {"store_id":{"store_id","api_secret","webhook_secret","channel_key"}}',
  } as const;

  /** Where a typia path of this section comes from. */
  export const PATHS: [RegExp, string][] = [
    [/^portone\.api_url/, "PORTONE_API_URL"],
    [/^portone\.stores/, "PORTONE_STORES"],
  ];

  /** Sandbox defaults: the fake PortOne's test store and secrets, public and never valid at PortOne. */
  export const SANDBOX = {
    id: "sandbox-portone",
    store_id: "store-sandbox-payments-server",
    api_secret: "portone_api_secret_sandbox_payments_server",
    webhook_secret: "whsec_c2FuZGJveC1wb3J0b25lLXdlYmhvb2stc2VjcmV0ISE=",
    channel_key: "channel-key-sandbox-payments-server",
  } as const;

  /** The fake PortOne's port variable and default (the sandbox starts it there). */
  export const FAKE_PORT = ["FAKE_PORTONE_PORT", 37_004] as const;

  export const read = (r: IEnvironmentReader): IPortOneConfiguration => ({
    api_url: r.env.PORTONE_API_URL || `http://127.0.0.1:${r.int(...FAKE_PORT)}`,
    stores: r.json("PORTONE_STORES", {
      [SANDBOX.id]: { store_id: SANDBOX.store_id, api_secret: SANDBOX.api_secret, webhook_secret: SANDBOX.webhook_secret, channel_key: SANDBOX.channel_key },
    }),
  });
}
