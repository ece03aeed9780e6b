import { tags } from "typia";

import type { IEnvironmentReader } from "../../utils/EnvironmentReader";

/** Iamport (PortOne V1): its API and its stores (REST key pairs), by our `store_id`. */
export interface IIamportConfiguration {
  /** Base URL of the Iamport API (the fake in sandbox). */
  api_url: string & tags.Format<"uri">;
  /** `store_id` → REST API key and secret. */
  stores: Record<string, { imp_key: string & tags.MinLength<1>; imp_secret: string & tags.MinLength<1> }>;
}

export namespace IamportConfiguration {
  /** Its environment variables, declared once (the README's table and .env.example read them). */
  export const ENVIRONMENT = {
    IAMPORT_API_URL: "Iamport API base (sandbox: the fake; production: https://api.iamport.kr)",
    IAMPORT_STORES: 'JSON {"store_id":{"imp_key","imp_secret"}}',
  } as const;

  /** Where a typia path of this section comes from. */
  export const PATHS: [RegExp, string][] = [
    [/^iamport\.api_url/, "IAMPORT_API_URL"],
    [/^iamport\.stores/, "IAMPORT_STORES"],
  ];

  /** Sandbox defaults: the fake Iamport's test keys, public and never valid at Iamport. */
  export const SANDBOX = { store_id: "sandbox-iamport", imp_key: "imp_key_sandbox_payments_server", imp_secret: "imp_secret_sandbox_payments_server" } as const;

  /** The fake Iamport's port variable and default (the sandbox starts it there). */
  export const FAKE_PORT = ["FAKE_IAMPORT_PORT", 37_003] as const;

  export const read = (r: IEnvironmentReader): IIamportConfiguration => ({
    api_url: r.env.IAMPORT_API_URL || `http://127.0.0.1:${r.int(...FAKE_PORT)}`,
    stores: r.json("IAMPORT_STORES", { [SANDBOX.store_id]: { imp_key: SANDBOX.imp_key, imp_secret: SANDBOX.imp_secret } }),
  });
}
