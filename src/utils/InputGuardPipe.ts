import { ArgumentMetadata, Injectable, PipeTransform } from "@nestjs/common";

import { PaymentError } from "./PaymentError";

/**
 * Runs on every parameter of every route, after typia has checked the DTO: what a type
 * cannot say. PostgreSQL refuses a NUL character in text (a 500 if it got there, possibly
 * after the PG already moved money), so a NUL anywhere is refused before any work starts;
 * and nothing nested deeper than any of our DTOs reaches the code (hashing, logging).
 * Iterative, so that a hostile depth cannot overflow the stack here either.
 */
@Injectable()
export class InputGuardPipe implements PipeTransform {
  public static readonly MAX_DEPTH = 16;

  public transform(value: unknown, _metadata: ArgumentMetadata): unknown {
    const problem = InputGuardPipe.inspect(value);
    if (problem !== null) throw new PaymentError(400, "INVALID_BODY", `Invalid body: ${problem}`);
    return value;
  }

  /** The first problem found in `value`, or null. */
  public static inspect(value: unknown): string | null {
    const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "body", depth: 0 }];
    while (stack.length) {
      const { value: v, path, depth } = stack.pop()!;
      if (typeof v === "string") {
        if (v.includes("\u0000")) return `${path} must not contain a NUL character`;
        continue;
      }
      if (v === null || typeof v !== "object") continue;
      if (depth >= InputGuardPipe.MAX_DEPTH) return `${path} is nested too deeply`;
      if (Array.isArray(v)) v.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      else
        for (const [key, item] of Object.entries(v)) {
          if (key.includes("\u0000")) return `${path} has a key with a NUL character`;
          stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
        }
    }
    return null;
  }
}
