import typia, { tags } from "typia";

import type { IIamportPayment } from "../../api/structures/iamport/IIamportPayment";
import { type Answer, fail, ok } from "./FakeIamportService";

/**
 * `GET /payments/status/{payment_status}`: the payments of a status (`all`, `ready`, `paid`,
 * `cancelled`, `failed`) whose time falls `from`–`to` (unix seconds; `to` defaults to now),
 * `limit` per page (at most 100, default 20), `page` from 1, sorted by `sorting`
 * (`-started` default). The time compared is the one the status is about: `started_at` for
 * `all` and `ready`, `paid_at`, `cancelled_at`, `failed_at` for the others.
 */
export namespace FakeIamportListings {
  interface IQuery {
    page?: number & tags.Type<"uint32"> & tags.Minimum<1>;
    limit?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<100>;
    from?: number & tags.Type<"uint64">;
    to?: number & tags.Type<"uint64">;
    sorting?: "-started" | "started" | "-paid" | "paid" | "-updated" | "updated";
  }

  export const byStatus = (payments: IIamportPayment[], status: string, raw: Record<string, string>, now: number): Answer<IIamportPayment.IPage> => {
    if (status !== "all" && !typia.is<IIamportPayment.Status>(status)) return fail(400, -1, "payment_status 는 all, ready, paid, cancelled, failed 중 하나여야 합니다.");
    const numeric = (k: string) => (raw[k] !== undefined && raw[k] !== "" ? { [k]: Number(raw[k]) } : {});
    const v = typia.validate<IQuery>({ ...numeric("page"), ...numeric("limit"), ...numeric("from"), ...numeric("to"), ...(raw.sorting !== undefined ? { sorting: raw.sorting } : {}) });
    if (!v.success) return fail(400, -1, `요청 파라메터가 올바르지 않습니다: ${v.errors.map((e) => e.path.replace(/^\$input\.?/, "")).join(", ")}`);
    const q = v.data;
    const time = (p: IIamportPayment): number =>
      status === "paid" ? p.paid_at : status === "cancelled" ? p.cancelled_at : status === "failed" ? p.failed_at : p.started_at;
    const from = q.from ?? 0;
    const to = q.to ?? now;
    const sortKey = (q.sorting ?? "-started").replace(/^-/, "");
    const value = (p: IIamportPayment): number => (sortKey === "paid" ? p.paid_at : sortKey === "updated" ? Math.max(p.started_at, p.paid_at, p.cancelled_at, p.failed_at) : p.started_at);
    const descending = (q.sorting ?? "-started").startsWith("-");
    const matching = payments
      .filter((p) => (status === "all" || p.status === status) && time(p) >= from && time(p) <= to)
      .sort((a, b) => (descending ? value(b) - value(a) : value(a) - value(b)) || a.imp_uid.localeCompare(b.imp_uid));
    const limit = q.limit ?? 20;
    const page = q.page ?? 1;
    const list = matching.slice((page - 1) * limit, page * limit);
    return ok({ total: matching.length, previous: page > 1 ? page - 1 : 0, next: page * limit < matching.length ? page + 1 : 0, list });
  };
}
