import { Controller, Get, Query } from "@nestjs/common";
import typia, { tags } from "typia";

import type { IPortOnePayment } from "../../../api/structures/portone/IPortOnePayment";
import { FakePortOneError } from "../FakePortOneError";
import type { IFakePortOneStore } from "../FakePortOneService";
import { PortOneStore, sameStore, valid } from "./FakePortOneRequest";

interface IByCursor {
  storeId?: string;
  /** Creation time range of the payments, ISO-8601; `until` defaults to now. */
  from?: string & tags.Format<"date-time">;
  until?: string & tags.Format<"date-time">;
  cursor?: string;
  /** Default 10, at most 1,000. */
  size?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<1000>;
}

/**
 * `GET /payments-by-cursor`: every payment of the store created `from`–`until`, oldest first,
 * its body a JSON `requestBody` query parameter, paged by an opaque cursor that the answer
 * carries while more remain.
 * FAKE DIFFERS: the real API's default `from` is a while back; the fake's is the epoch.
 */
@Controller("payments-by-cursor")
export class FakePortOneListingsController {
  public constructor() {}

  @Get()
  public list(@PortOneStore() store: IFakePortOneStore, @Query("requestBody") requestBody?: string): { items: IPortOnePayment[]; cursor?: string } {
    let parsed: unknown = {};
    if (requestBody !== undefined && requestBody !== "") {
      try {
        parsed = JSON.parse(requestBody);
      } catch {
        throw FakePortOneError.validation([{ path: "$input.requestBody", expected: "JSON", value: requestBody }]);
      }
    }
    const input = valid(typia.validate<IByCursor>(parsed));
    sameStore(store, input.storeId);
    const from = input.from !== undefined ? Date.parse(input.from) : 0;
    const until = input.until !== undefined ? Date.parse(input.until) : Date.now();
    const all = [...store.payments.values()]
      .filter((p) => {
        const at = Date.parse(p.requestedAt);
        return at >= from && at <= until;
      })
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
    const start = input.cursor !== undefined ? decode(input.cursor) : 0;
    const size = input.size ?? 10;
    const items = all.slice(start, start + size);
    return { items, ...(start + size < all.length ? { cursor: Buffer.from(String(start + size)).toString("base64url") } : {}) };
  }
}

const decode = (cursor: string): number => {
  const n = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isInteger(n) || n < 0) throw FakePortOneError.validation([{ path: "$input.cursor", expected: "a cursor this API gave", value: cursor }]);
  return n;
};
