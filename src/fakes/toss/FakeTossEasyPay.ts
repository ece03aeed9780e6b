import type { ITossPayment } from "../../api/structures/toss/ITossPayment";

/**
 * Easy pay (간편결제) in the fake Toss: the v2 SDK's `card: {flowMode: "DIRECT", easyPay}`
 * opens a service's window instead of the card company's; the payment's `method` is then
 * `간편결제` and `easyPay` names the service (in Korean, as Toss answers it) with what its
 * balance paid (`amount`) and what it discounted at once (`discountAmount`); a card registered
 * in the service pays the rest (`card.amount`).
 *
 * FAKE DIFFERS: the service's own window is the fake's one page; its balance and discount are
 * what the test or the page asks for (default: the card pays all).
 */
export namespace FakeTossEasyPay {
  /** The SDK's codes → Toss's names in a payment's `easyPay.provider`. */
  export const PROVIDERS = {
    TOSSPAY: "토스페이",
    KAKAOPAY: "카카오페이",
    NAVERPAY: "네이버페이",
    SAMSUNGPAY: "삼성페이",
    PAYCO: "페이코",
    LPAY: "엘페이",
    SSGPAY: "SSG페이",
    APPLEPAY: "애플페이",
  } as const;
  export type Code = keyof typeof PROVIDERS;

  /** What a window payment asks of its easy-pay part. */
  export interface IRequest {
    provider: Code;
    /** Paid from the service's balance (default 0). */
    amount?: number;
    /** Discounted by the service at once (default 0). */
    discountAmount?: number;
  }

  /** The payment's `easyPay` for a request, or an error message when its parts exceed the total. */
  export const of = (request: IRequest, total: number): ITossPayment.IEasyPay | string => {
    const amount = request.amount ?? 0;
    const discountAmount = request.discountAmount ?? 0;
    if (amount + discountAmount > total) return "간편결제 금액과 할인 금액의 합이 결제 금액보다 클 수 없습니다.";
    return { provider: PROVIDERS[request.provider], amount, discountAmount };
  };

  /** What the card pays once the service's balance and discount are taken off. */
  export const cardPart = (payment: ITossPayment): number =>
    payment.totalAmount - (payment.easyPay?.amount ?? 0) - (payment.easyPay?.discountAmount ?? 0);
}
