import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import crypto from "node:crypto";
import { tap } from "rxjs";

import { ClientKeyring } from "../providers/security/ClientKeyring";

import type { AccessTrail } from "../providers/audit/AccessTrail";

const TRAILED = "payments:access-trail";

/** Every request of the controller goes into the access trail, as a read or change of `kind`. */
export const AccessTrailed = (kind: AccessTrail.Kind) => SetMetadata(TRAILED, kind);

/** What a trailed request left for its entry, completed when it is answered (PaymentBackend). */
export interface IAccessTrailMark {
  kind: AccessTrail.Kind;
  record_id: string | null;
}

/**
 * Marks a request of an `@AccessTrailed` controller with its record: the route's `:id`, else
 * the `id` of what it answered (a registration, a read by source). The entry itself is
 * written once the answer's status is known.
 *
 * An encrypted route's answer is already ciphertext here (nestia encrypts it in the route's
 * own interceptor, inside this one): only its first blocks are deciphered, where every record
 * this server answers begins with its `id`. Plain answers (operator routes) are read as they are.
 */
@Injectable()
export class AccessTrailInterceptor implements NestInterceptor {
  public constructor(private readonly reflector: Reflector = new Reflector()) {}

  public intercept(context: ExecutionContext, next: CallHandler) {
    const kind = this.reflector.get<AccessTrail.Kind | undefined>(TRAILED, context.getClass());
    if (kind === undefined) return next.handle();
    const request = context.switchToHttp().getRequest<{ params?: Record<string, unknown>; accessTrail?: IAccessTrailMark }>();
    const id = request.params?.id;
    const mark: IAccessTrailMark = { kind, record_id: typeof id === "string" ? id : null };
    request.accessTrail = mark;
    return next.handle().pipe(
      tap((value: unknown) => {
        if (mark.record_id !== null) return;
        const answered = typeof value === "string" ? idOfCiphertext(value, request as { headers: Record<string, unknown> }) : (value as { id?: unknown } | null)?.id;
        if (typeof answered === "string") mark.record_id = answered;
      }),
    );
  }
}

/** The `id` an encrypted answer begins with (`{"id":"…"`), read from its first 64 bytes only. */
const idOfCiphertext = (ciphertext: string, request: { headers: Record<string, unknown> }): string | null => {
  try {
    const { key, iv } = ClientKeyring.closure({ headers: request.headers as never, body: "", direction: "encode" });
    const head = Buffer.from(ciphertext.slice(0, 88), "base64").subarray(0, 64);
    const decipher = crypto.createDecipheriv(`aes-${key.length * 8}-cbc`, Buffer.from(key), Buffer.from(iv));
    decipher.setAutoPadding(false);
    const text = Buffer.concat([decipher.update(head), decipher.final()]).toString("latin1");
    return /^\{"id":"([0-9a-f-]{36})"/.exec(text)?.[1] ?? null;
  } catch {
    return null;
  }
};
