import type { IEncryptionPassword } from "@nestia/fetcher";
import crypto from "node:crypto";

import type { IPaymentConfiguration } from "../../PaymentConfiguration";
import { PaymentError } from "../../utils/PaymentError";

/** Header naming the calling service; its key pair encrypts the bodies both ways. */
export const CLIENT_HEADER = "x-payments-client";
/**
 * Set by our own Fastify hook on every request (overwriting anything sent), so that the
 * nestia encryption closure, which sees only headers, finds the keyring of the server
 * instance that received the request. Several instances can live in one process.
 */
export const INSTANCE_HEADER = "x-payments-instance";

/** Transport keys of the calling services of one server instance. */
export class ClientKeyring {
  private static readonly instances = new Map<string, ClientKeyring>();
  public readonly instance = crypto.randomUUID();
  private readonly clients: Map<string, IEncryptionPassword>;
  /**
   * An unknown client is given a random key instead of an error: its body then fails to
   * decrypt exactly like a body sent with a wrong key, so the two cannot be told apart.
   */
  private readonly decoy: IEncryptionPassword = {
    key: crypto.randomBytes(24).toString("base64"),
    iv: crypto.randomBytes(12).toString("base64"),
  };

  public constructor(config: Pick<IPaymentConfiguration, "clients" | "default_client">, private readonly defaultClient = config.default_client) {
    this.clients = new Map(config.clients.map((c) => [c.id, { key: c.key, iv: c.iv }]));
  }

  public register(): void {
    ClientKeyring.instances.set(this.instance, this);
  }
  public unregister(): void {
    ClientKeyring.instances.delete(this.instance);
  }

  /** The client id a request speaks for, or null when unknown. */
  public clientOf(headers: Record<string, unknown>): string | null {
    const raw = headers[CLIENT_HEADER];
    const id = typeof raw === "string" && raw !== "" ? raw : this.defaultClient;
    return id !== null && this.clients.has(id) ? id : null;
  }

  private passwordOf(headers: Record<string, unknown>): IEncryptionPassword {
    const id = this.clientOf(headers);
    return id === null ? this.decoy : this.clients.get(id)!;
  }

  public key(clientId: string): IEncryptionPassword | undefined {
    return this.clients.get(clientId);
  }

  /** The closure given to nestia's EncryptedModule/EncryptedController. */
  public static readonly closure: IEncryptionPassword.Closure = ({ headers }) => {
    const keyring = ClientKeyring.instances.get(String(headers[INSTANCE_HEADER] ?? ""));
    if (keyring === undefined) throw new PaymentError(500, "INTERNAL", "No keyring for this server instance.");
    return keyring.passwordOf(headers);
  };

  /** The client id of a request already accepted (its body decrypted with that client's key). */
  public static clientOfRequest(headers: Record<string, unknown>): string {
    const keyring = ClientKeyring.instances.get(String(headers[INSTANCE_HEADER] ?? ""));
    const id = keyring?.clientOf(headers) ?? null;
    if (id === null) throw ENCRYPTION_FAILED();
    return id;
  }
}

/** One answer for every way a body can fail to authenticate. */
export const ENCRYPTION_FAILED = () =>
  new PaymentError(401, "ENCRYPTION_FAILED", "The request could not be decrypted: unknown client or wrong key.");
