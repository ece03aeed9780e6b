import typia, { tags } from "typia";

import type { BoundedMap } from "../common/BoundedMap";
import { type Answer, fail, FakeIamportService, invalid, key, ok } from "./FakeIamportService";

/** A delivery as `/escrows/logis/{imp_uid}` answers it (`EscrowLogisAnnotation`). */
export interface IFakeIamportEscrowLogis {
  company: string;
  invoice: string;
  sent_at: number;
  applied_at: number;
}

interface ILogisBody {
  sender: { name?: string; tel?: string; addr?: string; postcode?: string; relationship?: string };
  receiver: { name?: string; tel?: string; addr?: string; postcode?: string };
  logis: { company: string & tags.MinLength<1>; invoice: string & tags.MinLength<1>; sent_at: number & tags.Type<"uint64">; receiving_at?: string; address?: string };
}

/**
 * Iamport's escrow deliveries (`/escrows/logis/{imp_uid}`): registered once (`POST`; again is
 * 409), changed (`PUT`), read (`GET`), for a paid escrow payment, kept by `${owner}\0${imp_uid}`.
 *
 * FAKE DIFFERS: the company code is taken as given (the real API checks it against its code
 * table), and the PG-specific required fields (KG이니시스's sender and receiver) are not checked.
 */
export class FakeIamportEscrows {
  public constructor(
    private readonly map: BoundedMap<string, IFakeIamportEscrowLogis>,
    private readonly deps: { payment: (owner: string, imp_uid: string) => FakeIamportService.IPaymentRecord | undefined; unix: () => number },
  ) {}

  public get(owner: string, imp_uid: string): Answer<IFakeIamportEscrowLogis> {
    const logis = this.map.get(key(owner, imp_uid));
    return logis !== undefined ? ok(logis) : fail(404, 1, "배송정보가 존재하지 않습니다.");
  }

  public save(owner: string, imp_uid: string, body: unknown, change: boolean): Answer<IFakeIamportEscrowLogis> {
    const v = typia.validate<ILogisBody>(body);
    if (!v.success) return invalid(v.errors);
    const record = this.deps.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "배송정보를 등록할 거래건이 존재하지 않습니다.");
    if (!record.payment.escrow || record.payment.status !== "paid") return fail(400, 1, "에스크로 결제 완료 건이 아닙니다.");
    const existing = this.map.get(key(owner, imp_uid));
    if (!change && existing !== undefined) return fail(409, 1, "이미 배송정보 등록이 완료되었습니다.");
    if (change && existing === undefined) return fail(404, 1, "등록된 배송정보가 없습니다.");
    const logis: IFakeIamportEscrowLogis = { company: v.data.logis.company, invoice: v.data.logis.invoice, sent_at: v.data.logis.sent_at, applied_at: this.deps.unix() };
    this.map.set(key(owner, imp_uid), logis);
    return ok(logis);
  }
}
