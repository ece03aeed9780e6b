import { tags } from "typia";

import type { IEnvironmentReader } from "../utils/EnvironmentReader";

/** The operator console (`/console`). */
export interface IConsoleConfiguration {
  /** Served by this instance: by default in the sandbox only. */
  enabled: boolean;
  /**
   * Named operators, each with its own sign-in token: a `viewer` can look, an `operator` can
   * also replay events. The operator token signs in as `operator` too.
   */
  operators: Record<string, { role: "viewer" | "operator"; token: string & tags.MinLength<16> }>;
  /** How long a sign-in lasts, in minutes. */
  session_minutes: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<1440>;
  /** Failed sign-ins from one address within 15 minutes before it is refused (429). */
  max_failed_sign_ins: number & tags.Type<"uint32"> & tags.Minimum<1>;
}

export namespace ConsoleConfiguration {
  export const ENVIRONMENT = {
    CONSOLE_ENABLED: "serve the operator console at /console (default: in the sandbox only)",
    CONSOLE_OPERATORS: 'JSON {"<name>":{"role":"viewer"|"operator","token":"<16+ characters>"}}: named operators of the console ({})',
    CONSOLE_SESSION_MINUTES: "how long a console sign-in lasts (30)",
    CONSOLE_MAX_FAILED_SIGN_INS: "failed console sign-ins from one address in 15 minutes before it is refused (10)",
  } as const;

  export const PATHS: [RegExp, string][] = [
    [/^console\.enabled/, "CONSOLE_ENABLED"],
    [/^console\.operators/, "CONSOLE_OPERATORS"],
    [/^console\.session_minutes/, "CONSOLE_SESSION_MINUTES"],
    [/^console\.max_failed/, "CONSOLE_MAX_FAILED_SIGN_INS"],
  ];

  /** SANDBOX ONLY: a viewer who can look and not act. */
  export const SANDBOX_OPERATORS = { viewer: { role: "viewer", token: "sandbox-viewer-token" } } as const;

  export const read = (r: IEnvironmentReader, sandbox: boolean): IConsoleConfiguration => ({
    enabled: r.env.CONSOLE_ENABLED !== undefined && r.env.CONSOLE_ENABLED !== "" ? r.env.CONSOLE_ENABLED === "true" : sandbox,
    operators: r.json("CONSOLE_OPERATORS", sandbox ? { ...SANDBOX_OPERATORS } : {}),
    session_minutes: r.int("CONSOLE_SESSION_MINUTES", 30),
    max_failed_sign_ins: r.int("CONSOLE_MAX_FAILED_SIGN_INS", 10),
  });
}
