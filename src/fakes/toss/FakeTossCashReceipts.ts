import type { ITossCashReceipt } from "../../api/structures/toss/ITossCashReceipt";
import type { ITossCashReceiptCancel } from "../../api/structures/toss/ITossCashReceiptCancel";
import type { ITossCashReceiptCreate } from "../../api/structures/toss/ITossCashReceiptCreate";
import { FakeTossError } from "./FakeTossError";
import { clone, digits, type IFakeTossStore, mask, token } from "./FakeTossService";

/** Toss's cash receipts (`/v1/cash-receipts`): issued, and cancelled in full or in part. */
export class FakeTossCashReceipts {
  public constructor(
    private readonly kst: () => string,
    private readonly assertAmounts: (amount: number, taxFree: number | undefined) => void,
  ) {}

  public create(store: IFakeTossStore, input: ITossCashReceiptCreate): ITossCashReceipt {
    this.assertAmounts(input.amount, input.taxFreeAmount);
    const receipt: ITossCashReceipt = {
      receiptKey: token(24),
      issueNumber: digits(9),
      receiptUrl: `https://dashboard.tosspayments.com/receipt/mids/${store.mId}/cash-receipt`,
      orderId: input.orderId,
      orderName: input.orderName,
      type: input.type,
      businessNumber: "0000000000",
      transactionType: "CONFIRM",
      amount: input.amount,
      taxFreeAmount: input.taxFreeAmount ?? 0,
      issueStatus: "COMPLETED",
      failure: null,
      customerIdentityNumber: mask(input.customerIdentityNumber, 4),
      requestedAt: this.kst(),
    };
    store.receipts.set(receipt.receiptKey, { receipt, remaining: input.amount });
    return clone(receipt);
  }

  /** Unknown receipt: docs name no code; the fake answers 404 NOT_FOUND_CASH_RECEIPT. */
  public cancel(store: IFakeTossStore, receiptKey: string, input: ITossCashReceiptCancel): ITossCashReceipt {
    const entry = store.receipts.get(receiptKey);
    if (entry === undefined)
      throw new FakeTossError(404, "NOT_FOUND_CASH_RECEIPT", "존재하지 않는 현금영수증 입니다.");
    const amount: number = input.amount ?? entry.remaining;
    if (amount <= 0 || amount > entry.remaining) throw FakeTossError.NOT_CANCELABLE_AMOUNT();
    entry.remaining -= amount;
    return clone({ ...entry.receipt, transactionType: "CANCEL", amount, requestedAt: this.kst() });
  }
}
