import type { IPortOneBillingKey } from "../../api/structures/portone/IPortOneBillingKey";
import type { IPortOnePayment } from "../../api/structures/portone/IPortOnePayment";
import type { IFakePortOneStore } from "./FakePortOneService";

/**
 * PortOne's page-based listings: `GET /payments` and `GET /billing-keys`, their body in the
 * `requestBody` query parameter; pages numbered from 0, 10 per page unless asked.
 * FAKE DIFFERS: of the filters, only the payments' period (`from`/`until` on the request time
 * or, with `timestampType: STATUS_CHANGED_AT`, the status change) and `status` are applied.
 */
export namespace FakePortOneQueries {
  export interface IPageInput {
    page?: { number?: number; size?: number };
    filter?: { from?: string; until?: string; timestampType?: "CREATED_AT" | "STATUS_CHANGED_AT"; status?: IPortOnePayment.Status[] };
  }

  export const payments = (store: IFakePortOneStore, input: IPageInput, now: Date) => {
    const until = input.filter?.until !== undefined ? Date.parse(input.filter.until) : now.getTime();
    const from = input.filter?.from !== undefined ? Date.parse(input.filter.from) : until - 90 * 86_400_000;
    const at = (p: IPortOnePayment) => Date.parse(input.filter?.timestampType === "STATUS_CHANGED_AT" ? p.statusChangedAt : p.requestedAt);
    const statuses = input.filter?.status;
    const all = [...store.payments.values()]
      .filter((p) => at(p) >= from && at(p) <= until && (statuses === undefined || statuses.length === 0 || statuses.includes(p.status)))
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    return page(all, input.page);
  };

  export const billingKeys = (store: IFakePortOneStore, input: IPageInput) => {
    const all = [...store.billingKeys.values()]
      .map(({ cardNumber: _, ...visible }): IPortOneBillingKey => visible)
      .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
    return page(all, input.page);
  };

  const page = <T>(all: T[], input: IPageInput["page"]): { items: T[]; page: { number: number; size: number; totalCount: number } } => {
    const number = input?.number ?? 0;
    const size = input?.size ?? 10;
    const items = all.slice(number * size, (number + 1) * size);
    // `totalCount` is, as PortOne words it, the count of objects actually returned.
    return { items, page: { number, size, totalCount: items.length } };
  };
}
