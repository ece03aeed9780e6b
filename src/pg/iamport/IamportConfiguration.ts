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

  export const read = (
    r: IEnvironmentReader,
    sandbox: { fake_port: number; store_id: string; imp_key: string; imp_secret: string },
  ): IIamportConfiguration => ({
    api_url: r.env.IAMPORT_API_URL || `http://127.0.0.1:${sandbox.fake_port}`,
    stores: r.json("IAMPORT_STORES", { [sandbox.store_id]: { imp_key: sandbox.imp_key, imp_secret: sandbox.imp_secret } }),
  });
}
