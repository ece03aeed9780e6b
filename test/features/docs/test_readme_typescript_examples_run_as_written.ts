import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A developer copies the README's TypeScript examples: taken from README.md itself (not a
 * copy), in order, as one program, with the SDK package's name resolving to this SDK and the
 * sandbox's addresses pointing at the test program's server and fake Toss, they run as
 * written and do what they say (payments recorded, a webhook received, a split frozen).
 */
export async function test_readme_typescript_examples_run_as_written(ctx: TestContext): Promise<void> {
  const readme = fs.readFileSync(path.resolve(__dirname, "../../../../README.md"), "utf8");
  const blocks = [...readme.matchAll(/```typescript\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert(blocks.length >= 3, `the README's TypeScript examples (${blocks.length})`);
  const program = blocks.join("\n");
  const js = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const sdk = path.resolve(__dirname, "../../../src/api");
  const load = (name: string): unknown => require(name === "@payments-server/api" ? sdk : name);
  const before = (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_histories WHERE source_schema = 'shop' AND source_id LIKE 'ord\\_%'"))[0]!.n;

  const saved = { ...process.env };
  Object.assign(process.env, { PAYMENTS_URL: ctx.host, FAKE_TOSS_URL: ctx.toss.host });
  const printed: unknown[][] = [];
  const console_ = { ...console, log: (...args: unknown[]) => printed.push(args) };
  try {
    // The examples use top-level await: they run as the body of one async function.
    const run = new Function("require", "exports", "console", `return (async () => {\n${js}\n})();`) as (r: typeof load, e: object, c: Console) => Promise<void>;
    await run(load, {}, console_);
  } finally {
    for (const key of ["PAYMENTS_URL", "FAKE_TOSS_URL"]) if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  const after = (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_histories WHERE source_schema = 'shop' AND source_id LIKE 'ord\\_%'"))[0]!.n;
  equal(after - before, 3, "the three payments of the examples recorded");
  equal(printed[0]?.[0], "paid", "the first example read its payment back, paid");
  equal((printed[1]?.[0] as { platform?: number } | undefined)?.platform, 4_000, "the split frozen as the README says");
}
