import type { IConnection } from "@nestia/fetcher";
import { EncryptedFetcher as NestiaEncryptedFetcher } from "@nestia/fetcher/lib/EncryptedFetcher";

/**
 * A connection the SDK cannot use: no transport key, a key or iv of the wrong size, no host.
 * Thrown before anything is sent, so that a misconfigured caller reads what to fix instead of a
 * `TypeError` from inside the cipher.
 */
export class ConnectionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = "ConnectionError";
  }
}

/**
 * What the generated SDK functions call (the build points their import here): nestia's
 * `EncryptedFetcher`, after the connection is checked.
 */
export namespace EncryptedFetcher {
  export const fetch: typeof NestiaEncryptedFetcher.fetch = ((connection: IConnection, route: never, input?: never) => {
    check(connection);
    // A key of the right size but not this client's is refused by the server: 401 ENCRYPTION_FAILED.
    return (NestiaEncryptedFetcher.fetch as (c: IConnection, r: never, i?: never) => Promise<unknown>)(connection, route, input);
  }) as typeof NestiaEncryptedFetcher.fetch;
}

const HINT = "the sandbox prints its client's values at start (npm start); in production use the client's PAYMENTS_CLIENTS entry";

const check = (connection: IConnection): void => {
  if (connection === null || typeof connection !== "object") throw new ConnectionError("connection is missing: pass {host, encryption: {key, iv}, headers}");
  if (typeof connection.host !== "string" || !/^https?:\/\/./.test(connection.host))
    throw new ConnectionError(`connection.host must be the server's URL (e.g. http://127.0.0.1:37001), got ${describe(connection.host)}`);
  const encryption: unknown = connection.encryption;
  if (typeof encryption === "function") return; // a closure choosing keys per call: nestia's own form
  if (encryption === undefined || encryption === null || typeof encryption !== "object")
    throw new ConnectionError(`connection.encryption is missing: payments-server's API is encrypted; set {key, iv} to your client's transport key and iv (${HINT})`);
  const { key, iv } = encryption as { key?: unknown; iv?: unknown };
  const size = (value: unknown, bytes: number, name: string): void => {
    if (typeof value !== "string" && !(value instanceof Uint8Array))
      throw new ConnectionError(`connection.encryption.${name} must be a string of ${bytes} bytes, got ${describe(value)} (${HINT})`);
    const length = typeof value === "string" ? new TextEncoder().encode(value).length : value.length;
    if (length !== bytes) throw new ConnectionError(`connection.encryption.${name} must be ${bytes} bytes (AES-256-CBC), got ${length} (${HINT})`);
  };
  size(key, 32, "key");
  size(iv, 16, "iv");
};

const describe = (value: unknown): string => (value === undefined ? "undefined" : value === null ? "null" : typeof value === "string" ? `"${value.slice(0, 40)}"` : typeof value);
