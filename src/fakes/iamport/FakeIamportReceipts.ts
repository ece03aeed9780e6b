import { randomInt } from "node:crypto";
import typia from "typia";

import { IIamportReceipt } from "../../api/structures/iamport/IIamportReceipt";
import type { BoundedMap } from "../common/BoundedMap";
import { type Answer, fail, FakeIamportService, invalid, key, ok, randomId } from "./FakeIamportService";

/** Iamport's cash receipts of a merchant's payments (`/receipts/{imp_uid}`), kept by `${owner}\0${imp_uid}`. */
export class FakeIamportReceipts {
  public constructor(
    private readonly map: BoundedMap<string, IIamportReceipt>,
    private readonly deps: {
      payment: (owner: string, imp_uid: string) => FakeIamportService.IPaymentRecord | undefined;
      save: (record: FakeIamportService.IPaymentRecord) => void;
      unix: () => number;
    },
  ) {}

  public get(owner: string, imp_uid: string): Answer<IIamportReceipt> {
    const r = this.map.get(key(owner, imp_uid));
    return r ? ok(r) : fail(404, 1, "현금영수증 발급 내역이 존재하지 않습니다.");
  }

  public create(owner: string, imp_uid: string, body: unknown): Answer<IIamportReceipt> {
    const v = typia.validate<IIamportReceipt.ICreate>(body);
    if (!v.success) return invalid(v.errors);
    const record = this.deps.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    const p = record.payment;
    if (p.status !== "paid") return fail(200, 1, "결제완료 상태의 결제건만 현금영수증을 발행할 수 있습니다.");
    // FAKE DIFFERS: the real API also issues receipts for some other cash-like methods
    if (p.pay_method !== "vbank" && p.pay_method !== "trans")
      return fail(200, 1, "현금영수증 발행 대상 결제수단(가상계좌, 계좌이체)이 아닙니다.");
    const previous = this.map.get(key(owner, imp_uid));
    if (previous !== undefined && previous.cancelled_at === 0)
      return fail(200, 1, "이미 현금영수증이 발행된 결제건입니다.");
    const amount: number = p.amount - p.cancel_amount;
    const taxable: number = Math.max(0, amount - (v.data.tax_free ?? 0));
    const receipt: IIamportReceipt = {
      imp_uid,
      receipt_tid: randomId(20),
      apply_num: String(randomInt(100_000_000, 999_999_999)),
      type: v.data.type ?? "person",
      amount,
      vat: Math.floor(taxable / 11), // VAT included in the price: 1/11 of the taxable part
      receipt_url: `https://iniweb.inicis.com/receipt/cash/${imp_uid}`,
      applied_at: this.deps.unix(),
      cancelled_at: 0,
    };
    this.map.set(key(owner, imp_uid), receipt);
    p.cash_receipt_issued = true;
    this.deps.save(record);
    return ok(receipt);
  }

  public delete(owner: string, imp_uid: string): Answer<IIamportReceipt> {
    const r = this.map.get(key(owner, imp_uid));
    if (r === undefined || r.cancelled_at !== 0)
      return fail(404, 1, "현금영수증 발급 내역이 존재하지 않습니다.");
    r.cancelled_at = this.deps.unix();
    this.map.set(key(owner, imp_uid), r);
    const record = this.deps.payment(owner, imp_uid);
    if (record !== undefined) {
      record.payment.cash_receipt_issued = false;
      this.deps.save(record);
    }
    return ok(r);
  }
}
