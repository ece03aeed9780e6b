import { Body, Controller, Get, HttpCode, Inject, Post, Query } from "@nestjs/common";
import typia, { tags } from "typia";

import { BrowserPage } from "../../common/BrowserPage";
import { FakePortOneError } from "../FakePortOneError";
import { FakePortOneService, IFakePortOneStore } from "../FakePortOneService";
import { PortOneEnums } from "../PortOneEnums";
import { valid } from "./FakePortOneRequest";

export const FAKE_PORTONE_STORES = Symbol("FAKE_PORTONE_STORES");
/** The fake's stores by PortOne's `storeId` (the browser names its store, never a secret). */
export interface IFakePortOneStores {
  byStoreId(storeId: string): IFakePortOneStore | null;
}

/**
 * The browser side of the fake PortOne V2: what `https://cdn.portone.io/v2/browser-sdk.js` and
 * its payment window do for a merchant's page.
 *
 * - `GET /v2/browser-sdk.js`: `PortOne.requestPayment({storeId, channelKey, paymentId,
 *   orderName, totalAmount, currency, payMethod: "CARD" | "VIRTUAL_ACCOUNT" | "EASY_PAY",
 *   easyPay?: {easyPayProvider}, windowType?, redirectUrl?})` opens the window and resolves
 *   with `{transactionType: "PAYMENT", txId, paymentId}`, and with `code`, `message`,
 *   `pgCode` and `pgMessage` when the payment failed or the buyer closed the window. With
 *   `windowType.pc` (or `.mobile`) `"REDIRECTION"` the page is sent to
 *   `redirectUrl?paymentId&txId&transactionType[&code&message]` instead.
 * - `GET /window`: the window (pay, decline, close); a declined card leaves a `FAILED` payment,
 *   a closed window leaves nothing, a virtual account is issued and waits for its deposit.
 *
 * FAKE DIFFERS: the real SDK chooses an iframe, a popup or a redirect by PG and device; the
 * fake uses a layer (an iframe) unless told `REDIRECTION`. `currency` is taken as `KRW` or
 * `CURRENCY_KRW` only; a store has one channel key; an easy-pay service's own window is the
 * fake's one page, and a card registered in the service pays.
 */
@Controller()
export class FakePortOneBrowserController {
  public constructor(
    private readonly service: FakePortOneService,
    @Inject(FAKE_PORTONE_STORES) private readonly stores: IFakePortOneStores,
  ) {}

  @Get("v2/browser-sdk.js")
  @BrowserPage.Served("application/javascript")
  public script(): string {
    return SDK_SCRIPT;
  }

  @Get("window")
  @BrowserPage.Served("text/html")
  public window(@Query() query: Record<string, string>): string {
    const request = parse(query.request);
    if (request === null || typeof query.origin !== "string")
      return BrowserPage.html("결제창", `<main class="card"><h1>잘못된 결제 요청</h1><p>PortOne.requestPayment 의 파라미터를 확인하세요.</p></main>`);
    const refused = this.refusal(request);
    if (refused !== null) return BrowserPage.html("결제창", `<main class="card"><h1>결제창을 열 수 없습니다</h1><p>${BrowserPage.escape(refused)}</p></main>`);
    const e = BrowserPage.escape;
    const method = request.payMethod === "EASY_PAY" ? `간편결제 · ${request.easyPay?.easyPayProvider ?? "TOSSPAY"}` : request.payMethod === "CARD" ? "카드" : "가상계좌";
    const card = request.payMethod !== "VIRTUAL_ACCOUNT";
    const body = `<main class="card" data-window="portone">
  <p class="muted">포트원 (FAKE, sandbox) · ${e(request.storeId)}</p>
  <h1>${e(request.orderName)}</h1>
  <p class="amount">${request.totalAmount.toLocaleString("ko-KR")}원</p>
  <p class="muted">결제 ID ${e(request.paymentId)} · ${e(method)}</p>
  ${card ? `<label>카드 번호 <input id="card" value="4330123412341234" inputmode="numeric"></label>` : ""}
  <button id="approve">${card ? "결제하기" : "가상계좌 발급받기"}</button>
  ${card ? `<button id="decline" class="danger">카드 거절</button>` : ""}
  <button id="close" class="secondary">닫기</button>
  <p class="muted" id="status"></p>
</main>`;
    const script = BrowserPage.windowScript(
      `var REQUEST = ${BrowserPage.json(request)}, TARGET = ${BrowserPage.json(query.origin)};
function request(action) {
  var card = document.getElementById("card");
  return { action: action, request: REQUEST, cardNumber: card ? card.value.replace(/\\D/g, "") : undefined };
}`,
      `{ source: "fake-portone", response: answer }`,
      "TARGET",
    );
    return BrowserPage.html("포트원 결제창 (FAKE)", body, script);
  }

  /** The buyer's choice in the window: the `PaymentResponse` the page's promise resolves with. */
  @Post("window/result")
  @HttpCode(200)
  public result(@Body() input: unknown): IPaymentResponse {
    const { action, request, cardNumber } = valid(
      typia.validate<{ action: "approve" | "decline" | "cancel"; request: IRequestPayment; cardNumber?: string & tags.Pattern<"^[0-9]{15,16}$"> }>(input),
    );
    const refused = this.refusal(request);
    if (refused !== null) throw new FakePortOneError(400, "INVALID_REQUEST", refused);
    const txId = crypto.randomUUID();
    const base = { transactionType: "PAYMENT" as const, txId, paymentId: request.paymentId };
    if (action === "cancel") return { ...base, code: "FAILURE_TYPE_PG", message: "[PAY_PROCESS_CANCELED] 사용자가 결제를 취소했습니다.", pgCode: "PAY_PROCESS_CANCELED", pgMessage: "사용자가 결제를 취소했습니다." };
    const store = this.stores.byStoreId(request.storeId)!;
    let payment;
    try {
      payment = this.service.window(store, request.paymentId, {
        orderName: request.orderName,
        totalAmount: request.totalAmount,
        currency: "KRW",
        payMethod: request.payMethod,
        ...(request.easyPay?.easyPayProvider !== undefined ? { easyPayProvider: request.easyPay.easyPayProvider } : {}),
        cardNumber: action === "decline" ? FakePortOneService.DECLINED_CARD : (cardNumber ?? "4330123412341234"),
      });
    } catch (exp) {
      if (!(exp instanceof FakePortOneError)) throw exp;
      const body = exp.body() as { type?: string; message?: string };
      return { ...base, code: "FAILURE_TYPE_PG", message: `[${body.type ?? "ERROR"}] ${body.message ?? ""}` };
    }
    if (payment.status !== "FAILED") return base;
    const failure = (payment as { failure?: { pgCode?: string; pgMessage?: string; reason?: string } }).failure;
    return { ...base, code: "FAILURE_TYPE_PG", message: failure?.reason ?? "결제에 실패했습니다.", pgCode: failure?.pgCode ?? "FAILED", pgMessage: failure?.pgMessage ?? "" };
  }

  /** Why the window does not open for this request (unknown store or channel), else null. */
  private refusal(request: IRequestPayment): string | null {
    const store = this.stores.byStoreId(request.storeId);
    if (store === null) return `상점을 찾을 수 없습니다: ${request.storeId}`;
    if (store.channelKey !== request.channelKey) return `채널을 찾을 수 없습니다: ${request.channelKey}`;
    return null;
  }
}

/** What a page gives `PortOne.requestPayment` (the fields the fake uses; others are ignored). */
interface IRequestPayment {
  storeId: string & tags.MinLength<1>;
  channelKey: string & tags.MinLength<1>;
  paymentId: string & tags.MinLength<1> & tags.MaxLength<200>;
  orderName: string & tags.MinLength<1> & tags.MaxLength<200>;
  totalAmount: number & tags.Type<"int64"> & tags.Minimum<1>;
  currency: "KRW" | "CURRENCY_KRW";
  payMethod: "CARD" | "VIRTUAL_ACCOUNT" | "EASY_PAY";
  easyPay?: { easyPayProvider?: PortOneEnums.EasyPayProvider };
}
interface IPaymentResponse {
  transactionType: "PAYMENT";
  txId: string;
  paymentId: string;
  code?: string;
  message?: string;
  pgCode?: string;
  pgMessage?: string;
}

const parse = (raw: unknown): IRequestPayment | null => {
  const parsed = BrowserPage.jsonParam(raw);
  return typia.is<IRequestPayment>(parsed) ? parsed : null;
};

/** The `PortOne` global of the browser SDK, as far as `requestPayment` goes; its window is this fake's `/window`. */
const SDK_SCRIPT = `(function () {
  var script = document.currentScript;
  var origin = new URL(script && script.src ? script.src : location.href).origin;
  ${BrowserPage.layerScript("origin")}
  var FIELDS = ["storeId", "channelKey", "paymentId", "orderName", "totalAmount", "currency", "payMethod", "easyPay"];
  function redirect(url, response) {
    var target = new URL(url, location.href);
    ["paymentId", "txId", "transactionType", "code", "message"].forEach(function (k) { if (response[k] !== undefined) target.searchParams.set(k, response[k]); });
    location.href = target.href;
  }
  window.PortOne = {
    requestPayment: function (params) {
      return new Promise(function (resolve) {
        var p = params || {};
        var request = {};
        FIELDS.forEach(function (k) { if (p[k] !== undefined) request[k] = p[k]; });
        var windowType = p.windowType || {};
        var redirecting = (windowType.pc === "REDIRECTION" || windowType.mobile === "REDIRECTION") && typeof p.redirectUrl === "string";
        var q = new URLSearchParams({ origin: location.origin, request: JSON.stringify(request) });
        openLayer(origin + "/window?" + q.toString(), function (message) {
          if (redirecting) redirect(p.redirectUrl, message.response);
          else resolve(message.response);
        });
      });
    },
  };
})();
`;
