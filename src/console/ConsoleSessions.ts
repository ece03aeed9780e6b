import { Inject, Injectable } from "@nestjs/common";
import { eq, lt } from "drizzle-orm";
import crypto from "node:crypto";

import type { IOperatorConsole } from "../api/structures/IOperatorConsole";
import { console_sessions } from "../db/schema";
import { PaymentContext } from "../providers/PaymentContext";
import { PaymentError } from "../utils/PaymentError";

/**
 * Who is signed in to the console: an operator signs in with its own token (CONSOLE_OPERATORS)
 * or the operator token, and gets a session cookie (its SHA-256 stored, never the token) that
 * lasts `session_minutes`. Failed sign-ins are counted per address on each instance: past
 * `max_failed_sign_ins` in 15 minutes, that address is refused (429) until the window passes.
 * Every sign-in, failed one, sign-out and action is logged with who did it.
 */
@Injectable()
export class ConsoleSessions {
  public static readonly COOKIE = "payments_console";
  private static readonly WINDOW_MS = 15 * 60_000;
  private readonly failures = new Map<string, { count: number; since: number }>();

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public enabled(): void {
    if (!this.ctx.config.console.enabled) throw new PaymentError(404, "ROUTE_NOT_FOUND", "The operator console is off on this server (CONSOLE_ENABLED).");
  }

  public async signIn(input: IOperatorConsole.ISignIn, address: string): Promise<{ token: string; session: IOperatorConsole.ISession }> {
    this.enabled();
    // Sessions expire by the server's clock (moved in the sandbox); failed sign-ins count in real time.
    const real = Date.now();
    const now = this.ctx.clock.now().getTime();
    const seen = this.failures.get(address);
    if (seen !== undefined && real - seen.since > ConsoleSessions.WINDOW_MS) this.failures.delete(address);
    if ((this.failures.get(address)?.count ?? 0) >= this.ctx.config.console.max_failed_sign_ins) {
      this.ctx.logger.warn({ console: { action: "sign_in.refused", operator: input.name ?? "operator", address } }, "console sign-in refused: too many failures");
      throw new PaymentError(429, "TOO_MANY_ATTEMPTS", "Too many failed sign-ins from this address: try again in 15 minutes.");
    }
    const who = this.match(input);
    if (who === null) {
      const f = this.failures.get(address) ?? { count: 0, since: real };
      f.count += 1;
      this.failures.set(address, f);
      if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
      this.ctx.logger.warn({ console: { action: "sign_in.failed", operator: input.name ?? "operator", address } }, "console sign-in failed");
      throw new PaymentError(401, "OPERATOR_UNAUTHORIZED", "Unknown operator or wrong token.");
    }
    this.failures.delete(address);
    const token = crypto.randomBytes(32).toString("base64url");
    const expires = new Date(now + this.ctx.config.console.session_minutes * 60_000);
    await this.ctx.db.delete(console_sessions).where(lt(console_sessions.expires_at, new Date(now)));
    await this.ctx.db.insert(console_sessions).values({ token_hash: hash(token), operator: who.name, role: who.role, created_at: new Date(now), expires_at: expires });
    this.ctx.logger.info({ console: { action: "sign_in", operator: who.name, role: who.role, address } }, "console sign-in");
    return { token, session: { operator: who.name, role: who.role, expires_at: expires.toISOString() } };
  }

  public async signOut(cookie: string | undefined): Promise<void> {
    const token = ConsoleSessions.tokenOf(cookie);
    if (token === null) return;
    const [gone] = await this.ctx.db.delete(console_sessions).where(eq(console_sessions.token_hash, hash(token))).returning();
    if (gone !== undefined) this.ctx.logger.info({ console: { action: "sign_out", operator: gone.operator } }, "console sign-out");
  }

  /** The session of a request's cookie, with at least `role`: 401 without one, 403 for a viewer acting. */
  public async require(cookie: string | undefined, role: "viewer" | "operator" = "viewer"): Promise<IOperatorConsole.ISession> {
    this.enabled();
    const token = ConsoleSessions.tokenOf(cookie);
    const [row] = token === null ? [] : await this.ctx.db.select().from(console_sessions).where(eq(console_sessions.token_hash, hash(token)));
    if (row === undefined || row.expires_at.getTime() <= this.ctx.clock.now().getTime()) throw new PaymentError(401, "OPERATOR_UNAUTHORIZED", "Sign in to the console first (or sign in again: the session expired).");
    if (role === "operator" && row.role !== "operator") throw new PaymentError(403, "OPERATOR_FORBIDDEN", `${row.operator} is a viewer: only an operator can do this.`);
    return { operator: row.operator, role: row.role as "viewer" | "operator", expires_at: row.expires_at.toISOString() };
  }

  /** Log an operator's action with who did it. */
  public acted(session: IOperatorConsole.ISession, action: string, target: Record<string, unknown>): void {
    this.ctx.logger.info({ console: { action, operator: session.operator, role: session.role, ...target } }, `console ${action}`);
  }

  public cookie(token: string): string {
    const secure = this.ctx.config.sandbox ? "" : "; Secure";
    return `${ConsoleSessions.COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${this.ctx.config.console.session_minutes * 60}${secure}`;
  }

  public static tokenOf(cookie: string | undefined): string | null {
    for (const part of (cookie ?? "").split(";")) {
      const [name, ...rest] = part.trim().split("=");
      if (name === ConsoleSessions.COOKIE) return rest.join("=") || null;
    }
    return null;
  }

  private match(input: IOperatorConsole.ISignIn): { name: string; role: "viewer" | "operator" } | null {
    const given = crypto.createHash("sha256").update(input.token).digest();
    const same = (secret: string) => crypto.timingSafeEqual(given, crypto.createHash("sha256").update(secret).digest());
    if (input.name === undefined) return same(this.ctx.config.operator_token) ? { name: "operator", role: "operator" } : null;
    const named = Object.prototype.hasOwnProperty.call(this.ctx.config.console.operators, input.name) ? this.ctx.config.console.operators[input.name] : undefined;
    // Compared even for an unknown name: the answer takes as long either way.
    const ok = same(named?.token ?? crypto.randomBytes(24).toString("hex"));
    return ok && named !== undefined ? { name: input.name, role: named.role } : null;
  }
}

const hash = (token: string): string => crypto.createHash("sha256").update(token).digest("hex");
