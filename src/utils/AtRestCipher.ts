import crypto from "node:crypto";

/**
 * AES-256-GCM for sensitive columns. Stored form: `v1.` + base64(nonce(12) | tag(16) | ciphertext).
 * A random nonce per value; the tag makes any tampering in the database a hard failure.
 * The `v1.` prefix leaves room for a key rotation (a later version names its key).
 */
export class AtRestCipher {
  private readonly key: Buffer;

  public constructor(hexKey: string) {
    this.key = Buffer.from(hexKey, "hex");
    if (this.key.length !== 32) throw new Error("AtRestCipher: key must be 32 bytes (64 hex chars)");
  }

  public encrypt(plain: string): string {
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, nonce);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return "v1." + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString("base64");
  }

  public decrypt(stored: string): string {
    if (!stored.startsWith("v1.")) throw new Error("AtRestCipher: unknown format");
    const raw = Buffer.from(stored.slice(3), "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }

  public encryptJson(value: unknown): string {
    return this.encrypt(JSON.stringify(value));
  }

  public decryptJson<T>(stored: string): T {
    return JSON.parse(this.decrypt(stored)) as T;
  }
}
