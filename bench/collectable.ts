/**
 * Runs the program named by its first argument (`node --expose-gc collectable.js program.js`)
 * and, on SIGUSR2, collects all garbage and writes "collected <heap used in bytes>" to stdout:
 * the leak check compares what the program's heap holds after a full collection, not wherever
 * the collector happened to stop. The program itself is loaded unchanged.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (collectGarbage === undefined) throw new Error("collectable.js needs node --expose-gc");
process.on("SIGUSR2", () => {
  collectGarbage();
  process.stdout.write(`collected ${process.memoryUsage().heapUsed}\n`);
});
process.argv.splice(1, 1);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(process.argv[1]!);

export {};
