/**
 * How a configuration section reads its variables: each problem is collected (and named in
 * one error at start), never thrown at the first.
 */
export interface IEnvironmentReader {
  env: NodeJS.ProcessEnv;
  /** A JSON variable, or `fallback` when unset (a parse error is a problem). */
  json<T>(name: string, fallback: T): T;
  /** An integer variable, or `fallback` when unset. */
  int(name: string, fallback: number): number;
}
