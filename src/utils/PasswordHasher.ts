import crypto from "node:crypto";

/**
 * Record passwords are secrets the calling service generates (one per record), not words a
 * person remembers: they carry enough entropy that a slow KDF (bcrypt/scrypt/argon2, tens of
 * milliseconds each) buys nothing but latency on every read. We store
 * `v1.` + salt + HMAC-SHA-256(pepper, salt | password): a database dump alone cannot be
 * brute-forced without the pepper (kept in configuration, not in the database), equal
 * passwords give different hashes, and a check costs microseconds. Comparisons are
 * constant-time. Low-entropy passwords are the caller's risk; the README says so.
 */
export class PasswordHasher {
  private readonly pepper: Buffer;

  public constructor(hexPepper: string) {
    this.pepper = Buffer.from(hexPepper, "hex");
  }

  public hash(password: string): string {
    const salt = crypto.randomBytes(16);
    return `v1.${salt.toString("base64")}.${this.mac(salt, password).toString("base64")}`;
  }

  public verify(password: string, stored: string): boolean {
    const [version, salt, mac] = stored.split(".");
    if (version !== "v1" || salt === undefined || mac === undefined) return false;
    const expected = Buffer.from(mac, "base64");
    const actual = this.mac(Buffer.from(salt, "base64"), password);
    return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
  }

  /** Spend the same work as a real check, for a record that does not exist (no timing oracle). */
  public burn(password: string): void {
    this.mac(Buffer.alloc(16), password);
  }

  private mac(salt: Buffer, password: string): Buffer {
    return crypto.createHmac("sha256", this.pepper).update(salt).update(password, "utf8").digest();
  }
}
