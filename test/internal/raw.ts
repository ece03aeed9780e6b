import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";

import { CLIENT_HEADER } from "../../src/providers/security/ClientKeyring";
import { TestContext } from "../TestContext";

/** An answer of the server to a hand-made request. */
export interface IRawAnswer {
  status: number;
  /** `{code}` of an error body (decrypted answers of encrypted routes are not parsed). */
  code: string | null;
  message: string | null;
  text: string;
}

/**
 * Requests the SDK would never send (wrong types, NULs, huge bodies), encrypted like the
 * SDK does, or plain for the PG webhook routes. A connection reset rejects.
 */
export namespace Raw {
  export const encrypt = (ctx: TestContext, value: unknown): string => AesPkcs5.encrypt(typeof value === "string" ? value : JSON.stringify(value), ctx.client.key, ctx.client.iv);

  export const send = async (
    ctx: TestContext,
    props: { method: string; path: string; body?: string; contentType?: string; headers?: Record<string, string> },
  ): Promise<IRawAnswer> => {
    const res = await fetch(ctx.host + props.path, {
      method: props.method,
      headers: {
        ...(props.body !== undefined ? { "content-type": props.contentType ?? "text/plain" } : {}),
        [CLIENT_HEADER]: ctx.client.id,
        ...props.headers,
      },
      body: props.body,
    });
    const text = await res.text();
    let code: string | null = null;
    let message: string | null = null;
    if (res.status >= 400) {
      try {
        const json = JSON.parse(text) as { code?: unknown; message?: unknown };
        if (typeof json.code === "string") code = json.code;
        if (typeof json.message === "string") message = json.message;
      } catch {
        // left null: the caller asserts the shape
      }
    }
    return { status: res.status, code, message, text };
  };

  /** An encrypted route called with `value` as its (encrypted) JSON body. */
  export const encrypted = (ctx: TestContext, method: string, path: string, value: unknown, headers: Record<string, string> = {}) =>
    send(ctx, { method, path, body: encrypt(ctx, value), headers });

  /** An error answer must be `{code, message}` (with only the documented `pg` and `history`): no stack, no framework body. */
  export const isTypedError = (a: IRawAnswer): boolean => {
    try {
      const json = JSON.parse(a.text) as Record<string, unknown>;
      const pg = json.pg as Record<string, unknown> | undefined;
      return (
        Object.keys(json).every((k) => ["code", "message", "pg", "history"].includes(k)) &&
        typeof json.code === "string" &&
        typeof json.message === "string" &&
        (pg === undefined || (typeof pg === "object" && pg !== null && typeof pg.code === "string" && typeof pg.message === "string")) &&
        !/at \w+ \(|node_modules|\.ts:\d+/.test(a.text)
      );
    } catch {
      return false;
    }
  };
}
