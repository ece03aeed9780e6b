import { Controller, Get, Inject, Query } from "@nestjs/common";
import typia, { tags } from "typia";

import type { IPortOnePayment } from "../../../api/structures/portone/IPortOnePayment";
import { FakePortOneError } from "../FakePortOneError";
import { FakePortOneQueries } from "../FakePortOneQueries";
import { FakePortOneService, type IFakePortOneStore } from "../FakePortOneService";
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
 * PortOne's listings: `GET /payments` and `GET /billing-keys` by page (FakePortOneQueries), and
 * `GET /payments-by-cursor`: every payment of the store created `from`–`until` (by default the
 * 90 days to now), oldest first, its body a JSON `requestBody` query parameter; each item is
 * `{payment, cursor}`, and the next page starts after the cursor given.
 */
@Controller()
export class FakePortOneListingsController {
  public constructor(@Inject(FakePortOneService) private readonly service: FakePortOneService) {}

  /** `GET /payments`: a page of payments (newest first). */
  @Get("payments")
  public payments(@PortOneStore() store: IFakePortOneStore, @Query("requestBody") requestBody?: string) {
    const input = valid(typia.validate<FakePortOneQueries.IPageInput & { storeId?: string }>(bodyOf(requestBody)));
    sameStore(store, input.storeId);
    return FakePortOneQueries.payments(store, input, this.service.now());
  }

  /** `GET /billing-keys`: a page of billing keys (newest first). */
  @Get("billing-keys")
  public billingKeys(@PortOneStore() store: IFakePortOneStore, @Query("requestBody") requestBody?: string) {
    const input = valid(typia.validate<FakePortOneQueries.IPageInput & { storeId?: string }>(bodyOf(requestBody)));
    sameStore(store, input.storeId);
    return FakePortOneQueries.billingKeys(store, input);
  }

  @Get("payments-by-cursor")
  public list(@PortOneStore() store: IFakePortOneStore, @Query("requestBody") requestBody?: string): { items: { payment: IPortOnePayment; cursor: string }[] } {
    const input = valid(typia.validate<IByCursor>(bodyOf(requestBody)));
    sameStore(store, input.storeId);
    const until = input.until !== undefined ? Date.parse(input.until) : this.service.now().getTime();
    const from = input.from !== undefined ? Date.parse(input.from) : until - 90 * 86_400_000;
    const all = [...store.payments.values()]
      .filter((p) => {
        const at = Date.parse(p.requestedAt);
        return at >= from && at <= until;
      })
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
    const start = input.cursor !== undefined ? decode(input.cursor) : 0;
    const size = input.size ?? 10;
    return { items: all.slice(start, start + size).map((payment, i) => ({ payment, cursor: Buffer.from(String(start + i + 1)).toString("base64url") })) };
  }
}

/** The body PortOne's GET routes take as JSON in the `requestBody` query parameter. */
const bodyOf = (requestBody: string | undefined): unknown => {
  if (requestBody === undefined || requestBody === "") return {};
  try {
    return JSON.parse(requestBody);
  } catch {
    throw FakePortOneError.validation([{ path: "$input.requestBody", expected: "JSON", value: requestBody }]);
  }
};

const decode = (cursor: string): number => {
  const n = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isInteger(n) || n < 0) throw FakePortOneError.validation([{ path: "$input.cursor", expected: "a cursor this API gave", value: cursor }]);
  return n;
};
