import { HttpError } from "@nestia/fetcher";

import api from "../../../src/api";
import { ConnectionError } from "../../../src/api/EncryptedFetcher";
import { TestContext } from "../../TestContext";
import { assert, equal, orderId, password, rowsOfSource, tossCardPaid } from "../../internal/pgs";

/**
 * A developer wires the SDK wrongly, as the README's readers did: the transport key left
 * undefined (an unset environment variable), a key or iv of the wrong size, no encryption at
 * all, no host. Each is a ConnectionError naming what to set, thrown before anything is sent;
 * a key of the right size that is not the client's is the server's 401 ENCRYPTION_FAILED. The
 * payment made at the PG is not recorded by any of them, and the right connection then records it.
 */
export async function test_sdk_connection_mistakes_explained_before_sending(ctx: TestContext): Promise<void> {
  const id = orderId();
  const paid = await tossCardPaid(ctx, id, 4_000);
  const input = {
    vendor: { code: "toss.payments" as const, store_id: ctx.toss.storeId, uid: paid.paymentKey },
    source: { schema: "shop", table: "orders", id },
    price: 4_000,
    password: password(),
  };
  const refused = async (connection: unknown, expected: RegExp, what: string): Promise<void> => {
    const error = await api.functional.payments.histories.create(connection as api.IConnection, input).then(
      () => null,
      (exp: unknown) => exp,
    );
    assert(error instanceof ConnectionError, `${what}: a ConnectionError, got ${String(error)}`);
    assert(expected.test((error as Error).message), `${what}: "${(error as Error).message}" should match ${expected}`);
  };
  const { key, iv } = ctx.connection.encryption as { key: string; iv: string };
  await refused({ ...ctx.connection, encryption: { key: process.env.NO_SUCH_VARIABLE, iv } }, /encryption\.key must be a string of 32 bytes, got undefined/, "undefined key");
  await refused({ ...ctx.connection, encryption: { key: key.slice(0, 16), iv } }, /encryption\.key must be 32 bytes .* got 16/, "short key");
  await refused({ ...ctx.connection, encryption: { key, iv: `${iv}x` } }, /encryption\.iv must be 16 bytes .* got 17/, "long iv");
  await refused({ ...ctx.connection, encryption: undefined }, /connection\.encryption is missing/, "no encryption");
  await refused({ ...ctx.connection, host: undefined }, /connection\.host must be the server's URL/, "no host");
  const message = await api.functional.payments.histories.create({ ...ctx.connection, encryption: { key, iv: iv.slice(0, 15) } }, input).then(
    () => "",
    (e: Error) => e.message,
  );
  assert(message.length !== 0 && !message.includes(key) && !message.includes(iv.slice(0, 15)), "a message names sizes, never a key");

  const wrongKey = await api.functional.payments.histories
    .create({ ...ctx.connection, encryption: { key: "x".repeat(32), iv } }, input)
    .then(() => null, (exp: unknown) => exp);
  assert(wrongKey instanceof HttpError && wrongKey.status === 401, `a key not the client's: 401, got ${String(wrongKey)}`);
  equal((JSON.parse((wrongKey as HttpError).message) as { code: string }).code, "ENCRYPTION_FAILED", "its code");
  equal(await rowsOfSource(ctx, "payment_histories", id), 0, "nothing recorded by a wrong connection");

  const history = await api.functional.payments.histories.create(ctx.connection, input);
  equal([history.status, history.price], ["paid", 4_000], "the right connection records it");
}
