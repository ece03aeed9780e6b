import type { IPaymentVendor } from "../api/structures/IPaymentVendor";
import type { IEnvironmentReader } from "../utils/EnvironmentReader";
import { IamportConfiguration } from "./iamport/IamportConfiguration";
import { IamportGateway } from "./iamport/IamportGateway";
import type { PgGateway } from "./PgGateway";
import { PortOneConfiguration } from "./portone/PortOneConfiguration";
import { PortOneGateway } from "./portone/PortOneGateway";
import { TossConfiguration } from "./toss/TossConfiguration";
import { TossGateway } from "./toss/TossGateway";

/**
 * One PG as the server knows it: its vendor code, its configuration section (declared in its
 * folder) and how its gateway is built from that section.
 */
export interface IPgRegistration<Config = unknown> {
  readonly code: IPaymentVendor.Code;
  readonly configuration: {
    /** Its environment variables and what each means (the README's table, .env.example). */
    readonly ENVIRONMENT: Readonly<Record<string, string>>;
    /** typia paths of the section (`<key>.…`) → the variable a user sets. */
    readonly PATHS: [RegExp, string][];
    /** Its sandbox defaults: public test values, never a real account's. */
    readonly SANDBOX: object;
    read(r: IEnvironmentReader): Config;
  };
  gateway(config: Config, timeoutMs: number): PgGateway;
}

/** An entry whose gateway is checked to take the section its configuration reads. */
const pg = <Code extends IPaymentVendor.Code, Config, Section extends IPgRegistration<Config>["configuration"]>(entry: {
  code: Code;
  configuration: Section & { read(r: IEnvironmentReader): Config };
  gateway(config: Config, timeoutMs: number): PgGateway;
}) => entry;

/**
 * Every PG the server speaks, by its configuration key: adding a PG is its folder, its code
 * in `IPaymentVendor.Code` and one entry here. The configuration, its variables, the sandbox
 * defaults and the gateways are all read from this list.
 */
export const PG_REGISTRY = {
  toss: pg({ code: "toss.payments", configuration: TossConfiguration, gateway: TossGateway.create }),
  iamport: pg({ code: "iamport", configuration: IamportConfiguration, gateway: IamportGateway.create }),
  portone: pg({ code: "portone", configuration: PortOneConfiguration, gateway: PortOneGateway.create }),
};

type Registry = typeof PG_REGISTRY;

/** Each PG's configuration section, under its key. */
export type IPgConfigurations = { [K in keyof Registry]: ReturnType<Registry[K]["configuration"]["read"]> };

/** All members of every type of a union (each PG's variables, together). */
type Every<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Each PG's sandbox defaults, under its key. */
export type IPgSandboxes = { [K in keyof Registry]: Registry[K]["configuration"]["SANDBOX"] };

// A vendor code without its registration fails to compile here.
const everyCodeRegistered: Exclude<IPaymentVendor.Code, Registry[keyof Registry]["code"]> extends never ? true : never = true;
void everyCodeRegistered;

export namespace PgRegistry {
  const entries = (): [keyof Registry, IPgRegistration<unknown>][] => Object.entries(PG_REGISTRY) as never;

  /** Every PG's section, read from the environment. */
  export const read = (r: IEnvironmentReader): IPgConfigurations =>
    Object.fromEntries(entries().map(([key, pg]) => [key, pg.configuration.read(r)])) as IPgConfigurations;

  /** Every PG's gateway, built from its section. */
  export const gateways = (config: IPgConfigurations, timeoutMs: number): PgGateway[] =>
    entries().map(([key, pg]) => pg.gateway(config[key], timeoutMs));

  export const SANDBOX = Object.fromEntries(entries().map(([key, pg]) => [key, pg.configuration.SANDBOX])) as IPgSandboxes;

  export const ENVIRONMENT = Object.assign({}, ...entries().map(([, pg]) => pg.configuration.ENVIRONMENT)) as Every<Registry[keyof Registry]["configuration"]["ENVIRONMENT"]>;

  export const PATHS: [RegExp, string][] = entries().flatMap(([, pg]) => pg.configuration.PATHS);
}
