import type { IConnection } from "@nestia/fetcher";

import type { FakeIamport } from "../src/fakes/iamport/FakeIamport";
import type { FakePortOne } from "../src/fakes/portone/FakePortOne";
import type { FakeToss } from "../src/fakes/toss/FakeToss";
import type { PaymentBackend } from "../src/PaymentBackend";
import type { Clock } from "../src/utils/Clock";
import type { IPaymentConfiguration } from "../src/PaymentConfiguration";

/**
 * What every scenario receives from the test program (test/index.ts).
 *
 * The test program starts the fake Toss, Iamport and PortOne V2 servers and payments-server itself
 * (in-process, against a real database) before any scenario runs.
 */
export interface TestContext {
  /** SDK connection to payments-server: encrypted with the default client's key. */
  connection: IConnection;
  /** The same server, plain base URL (for raw-HTTP scenarios such as malformed bodies). */
  host: string;
  /** The default client's transport key pair and id header. */
  client: { id: string; key: string; iv: string };
  toss: {
    fake: FakeToss;
    /** e.g. http://127.0.0.1:28102 */
    host: string;
    /** The store payments-server is configured with, and its keys at the fake. */
    storeId: string;
    secretKey: string;
    clientKey: string;
  };
  iamport: {
    fake: FakeIamport;
    host: string;
    storeId: string;
    impKey: string;
    impSecret: string;
  };
  portone: {
    fake: FakePortOne;
    host: string;
    /** Our store id (the server's configuration) and PortOne's store id, secrets, channel key. */
    storeId: string;
    portoneStoreId: string;
    apiSecret: string;
    webhookSecret: string;
    channelKey: string;
  };
  /** The in-process server (its config, its state). */
  backend: PaymentBackend;
  /**
   * The clock the server's schedules and the three fakes share: a scenario moves it (and puts
   * it back to real time when it ends) instead of sleeping.
   */
  clock: Clock;
  /**
   * The configuration the test program started the server with: a scenario that starts a
   * second instance (or a child process) on the same database starts from it.
   */
  config: IPaymentConfiguration;
  /** PostgreSQL URL of the test database, or null on embedded PGlite (one process only). */
  databaseUrl: string | null;
  /** The file the in-process server writes its log lines to (JSON, pino), for this run. */
  logFile: string;
  /** Run raw SQL against the server's database (read-only checks such as "nothing was stored"). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}
