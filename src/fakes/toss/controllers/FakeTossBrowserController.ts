import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from "@nestjs/common";
import typia, { tags } from "typia";

import { BrowserPage } from "../../common/BrowserPage";
import { FakeTossEasyPay } from "../FakeTossEasyPay";
import { FakeTossError } from "../FakeTossError";
import { FakeTossService, IFakeTossStore } from "../FakeTossService";
import { FakeTossWebhooks } from "../FakeTossWebhooks";
import { valid } from "./FakeTossRequest";

export const FAKE_TOSS_STORES = Symbol("FAKE_TOSS_STORES");
/** The fake's merchants, for pages that are not authenticated by a secret key. */
export interface IFakeTossStores {
  byClientKey(clientKey: string): IFakeTossStore | null;
  all(): IFakeTossStore[];
}

/**
 * The browser side of the fake Toss: what `https://js.tosspayments.com/v2/standard` and the
 * payment window do for a merchant's page, and a console like the merchant dashboard.
 *
 * - `GET /v2/standard`: the SDK script. `TossPayments(clientKey).payment({customerKey})
 *   .requestPayment({method: "CARD" | "VIRTUAL_ACCOUNT", amount: {currency: "KRW", value},
 *   orderId, orderName, successUrl, failUrl, customerName?, card?: {flowMode: "DIRECT", easyPay:
 *   "TOSSPAY" | "KAKAOPAY" | …}})` opens the window (an easy-pay service's with `easyPay`: the
 *   payment is then `간편결제`, see FakeTossEasyPay); the buyer's
 *   choice sends the page to `successUrl?paymentType=NORMAL&orderId&paymentKey&amount` or to
 *   `failUrl?code&message&orderId`, as the real window does.
 * - `GET /window`: the payment window (approve, decline with a chosen code, close; a virtual
 *   account is issued on approval and waits for its deposit).
 * - `GET /console`: the merchants' payments and webhook attempts, with deposit and resend.
 *
 * FAKE DIFFERS: the real SDK opens its window in an iframe on desktop and by redirect on
 * mobile, and its script is Toss's own; the fake always uses a layer (an iframe) and its own
 * small script with the same global and calls. Only CARD and VIRTUAL_ACCOUNT are offered; the
 * console has no login (the fakes listen on 127.0.0.1, with sandbox keys).
 */
@Controller()
export class FakeTossBrowserController {
  public constructor(
    private readonly service: FakeTossService,
    private readonly webhooks: FakeTossWebhooks,
    @Inject(FAKE_TOSS_STORES) private readonly stores: IFakeTossStores,
  ) {}

  @Get("v2/standard")
  @BrowserPage.Served("application/javascript")
  public script(): string {
    return SDK_SCRIPT;
  }

  @Get("window")
  @BrowserPage.Served("text/html")
  public window(@Query() query: Record<string, string>): string {
    const request = typia.validate<IWindowRequest>(query);
    if (!request.success) return BrowserPage.html("결제창", `<main class="card"><h1>잘못된 결제 요청</h1><p>${BrowserPage.escape(request.errors.map((e) => e.path).join(", "))}</p></main>`);
    const r = request.data;
    const store = this.stores.byClientKey(r.clientKey);
    if (store === null)
      return BrowserPage.html("결제창", `<main class="card"><h1>INVALID_CLIENT_KEY</h1><p>클라이언트 키가 올바르지 않습니다: <code>${BrowserPage.escape(r.clientKey)}</code></p></main>`);
    const card = r.method === "CARD";
    const easy = r.easyPay !== undefined ? FakeTossEasyPay.PROVIDERS[r.easyPay] : null;
    const body = `<main class="card" data-window="toss">
  <p class="muted">토스페이먼츠 (FAKE, sandbox) · ${BrowserPage.escape(store.mId)}</p>
  <h1>${BrowserPage.escape(r.orderName)}</h1>
  <p class="amount">${Number(r.amount).toLocaleString("ko-KR")}원</p>
  <p class="muted">주문번호 ${BrowserPage.escape(r.orderId)} · ${easy !== null ? `간편결제 · ${BrowserPage.escape(easy)}` : card ? "카드" : "가상계좌"}</p>
  ${
    card
      ? `<label>카드 번호 <input id="card" value="4330123412341234" inputmode="numeric"></label>
  <button id="approve">결제하기</button>
  <div class="card"><label>거절 코드 <select id="code">${DECLINES.map((d) => `<option value="${d.code}">${d.code}</option>`).join("")}</select></label>
  <button id="decline" class="danger">거절된 것으로 하기</button></div>`
      : `<label>은행 <select id="bank">${BANKS.map(([code, name]) => `<option value="${code}">${name}</option>`).join("")}</select></label>
  <label>입금자명 <input id="customer" value="${BrowserPage.escape(r.customerName ?? "홍길동")}"></label>
  <button id="approve">가상계좌 발급받기</button>`
  }
  <button id="close" class="secondary">닫기</button>
  <p class="muted" id="status"></p>
</main>`;
    const script = BrowserPage.windowScript(
      `var REQUEST = ${BrowserPage.json(r)};
function request(action) {
  var body = Object.assign({}, REQUEST, { action: action });
  var card = document.getElementById("card"), bank = document.getElementById("bank"), code = document.getElementById("code"), customer = document.getElementById("customer");
  if (card) body.cardNumber = card.value.replace(/\\D/g, "");
  if (bank) body.bank = bank.value;
  if (customer) body.customerName = customer.value;
  if (code) body.code = code.value;
  return body;
}`,
      `{ source: "fake-tosspayments", redirect: answer.redirect }`,
      "new URL(REQUEST.successUrl).origin",
    );
    return BrowserPage.html("토스페이먼츠 결제창 (FAKE)", body, script);
  }

  /** The buyer's choice in the window: where the merchant's page goes next. */
  @Post("window/result")
  @HttpCode(200)
  public result(@Body() input: unknown): { redirect: string } {
    const r = valid(typia.validate<IWindowResult>(input));
    const store = this.stores.byClientKey(r.clientKey);
    if (store === null) throw new FakeTossError(401, "INVALID_CLIENT_KEY", "클라이언트 키가 올바르지 않습니다.");
    const fail = (code: string, message: string) => withQuery(r.failUrl, { code, message, orderId: r.orderId });
    if (r.action === "cancel") return { redirect: fail("PAY_PROCESS_CANCELED", "사용자에 의해 결제가 취소되었습니다.") };
    if (r.action === "decline") {
      const decline = DECLINES.find((d) => d.code === r.code) ?? DECLINES[0]!;
      return { redirect: fail(decline.code, decline.message) };
    }
    const amount = Number(r.amount);
    const paid = this.service.createWindowPayment(store, {
      orderId: r.orderId,
      orderName: r.orderName,
      amount,
      method: r.method === "CARD" ? "카드" : "가상계좌",
      ...(r.easyPay !== undefined ? { easyPay: { provider: r.easyPay } } : {}),
      ...(r.cardNumber !== undefined ? { cardNumber: r.cardNumber } : {}),
      ...(r.bank !== undefined ? { bank: r.bank } : {}),
      ...(r.customerName !== undefined ? { customerName: r.customerName } : {}),
    });
    return { redirect: withQuery(r.successUrl, { paymentType: "NORMAL", orderId: paid.orderId, paymentKey: paid.paymentKey, amount: String(paid.amount) }) };
  }

  @Get("console")
  @BrowserPage.Served("text/html")
  public console(): string {
    const e = BrowserPage.escape;
    const sections = this.stores.all().map((store) => {
      const payments = [...store.payments.values()].map((r) => r.payment).reverse();
      const rows = payments
        .map(
          (p) => `<tr data-payment-key="${e(p.paymentKey)}" data-order-id="${e(p.orderId)}"><td><code>${e(p.orderId)}</code><br><span class="muted">${e(p.paymentKey)}</span></td>
<td>${e(p.method ?? "")}</td><td><span class="badge">${e(p.status)}</span></td><td>${e(p.totalAmount)}</td><td>${e(p.balanceAmount)}</td>
<td>${p.virtualAccount !== null ? `${e(p.virtualAccount.bankCode)} ${e(p.virtualAccount.accountNumber)}` : ""}</td>
<td>${p.status === "WAITING_FOR_DEPOSIT" ? `<button data-action="deposit">입금 처리</button>` : ""}<button class="secondary" data-action="resend">웹훅 재전송</button></td></tr>`,
        )
        .join("\n");
      const deliveries = this.webhooks
        .deliveries(store.mId)
        .slice(-50)
        .reverse()
        .map(
          (d) => `<tr><td>${e(d.eventType)}</td><td>${e(!("data" in d.body) ? `${d.body.orderId} ${d.body.status}` : "orderId" in d.body.data ? `${d.body.data.orderId} ${d.body.data.status}` : "billingKey" in d.body.data ? `billing key ${d.body.data.billingKey}` : `cancel ${d.body.data.transactionKey} ${d.body.data.cancelStatus}`)}</td><td>${e(d.url)}</td>
<td>${d.attempts.map((a) => `${e(a.at)} → ${e(a.status ?? a.error)}`).join("<br>")}</td><td>${d.delivered ? "delivered" : d.gave_up ? "gave up" : "retrying"}</td></tr>`,
        )
        .join("\n");
      return `<section class="card" data-store="${e(store.mId)}"><h2>${e(store.mId)}</h2>
<table data-table="payments"><tr><th>order / paymentKey</th><th>method</th><th>status</th><th>total</th><th>balance</th><th>virtual account</th><th></th></tr>${rows}</table>
<h2>Webhooks</h2><table data-table="webhooks"><tr><th>event</th><th>payment</th><th>url</th><th>attempts</th><th></th></tr>${deliveries}</table></section>`;
    });
    const script = BrowserPage.consoleScript({ attribute: "data-store", field: "mId" }, { attribute: "data-payment-key", field: "paymentKey" });
    return BrowserPage.html(
      "토스페이먼츠 콘솔 (FAKE)",
      `<main><h1>Fake Toss console</h1><p class="muted">The fake's own payments and webhook attempts (not payments-server's records). <a href="console">Refresh</a></p>${sections.join("\n")}</main>`,
      script,
    );
  }

  @Post("console/:action")
  @HttpCode(200)
  public consoleAction(@Param("action") action: string, @Body() input: unknown): { done: true } {
    const r = valid(typia.validate<{ mId: string; paymentKey: string }>(input));
    const store = this.stores.all().find((s) => s.mId === r.mId);
    if (store === undefined) throw FakeTossError.invalid("상점을 찾을 수 없습니다. (mId)");
    if (action === "deposit") this.service.deposit(store, r.paymentKey, {});
    else if (action === "resend") this.service.resend(store, r.paymentKey);
    else throw FakeTossError.invalid("알 수 없는 작업입니다.");
    return { done: true };
  }
}

interface IWindowRequest {
  clientKey: string & tags.MinLength<1>;
  customerKey?: string;
  method: "CARD" | "VIRTUAL_ACCOUNT";
  amount: string & tags.Pattern<"^[1-9][0-9]{0,11}$">;
  orderId: string & tags.Pattern<"^[A-Za-z0-9_-]{6,64}$">;
  orderName: string & tags.MinLength<1> & tags.MaxLength<100>;
  successUrl: string & tags.Format<"uri"> & tags.Pattern<"^https?://">;
  failUrl: string & tags.Format<"uri"> & tags.Pattern<"^https?://">;
  customerName?: string & tags.MaxLength<100>;
  /** `card: {flowMode: "DIRECT", easyPay}`: the easy-pay service opened instead of the card company. */
  easyPay?: FakeTossEasyPay.Code;
}
interface IWindowResult extends IWindowRequest {
  action: "approve" | "decline" | "cancel";
  cardNumber?: string & tags.Pattern<"^[0-9]{13,20}$">;
  bank?: string & tags.MaxLength<20>;
  code?: string;
}

const withQuery = (url: string, params: Record<string, string>): string => {
  const target = new URL(url);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  return target.toString();
};

/** Window failures Toss documents for the fail URL. */
const DECLINES: { code: string; message: string }[] = [
  { code: "REJECT_CARD_COMPANY", message: "카드사에서 결제를 거절했습니다." },
  { code: "EXCEED_MAX_DAILY_PAYMENT_COUNT", message: "하루 결제 가능 횟수를 초과했습니다." },
  { code: "INVALID_CARD_EXPIRATION", message: "카드 정보를 다시 확인해주세요. (유효기간)" },
  { code: "NOT_AVAILABLE_PAYMENT", message: "결제가 불가능한 시간대입니다." },
  { code: "PAY_PROCESS_ABORTED", message: "결제 진행 중 승인에 실패하여 결제가 중단되었습니다." },
];
const BANKS: [string, string][] = [["88", "신한"], ["20", "우리"], ["04", "KB국민"], ["11", "NH농협"], ["90", "카카오뱅크"]];

/**
 * The `TossPayments` global of the v2 SDK, as far as the payment window goes. Its window is this
 * fake's `/window`, found from the script's own address.
 */
const SDK_SCRIPT = `(function () {
  var script = document.currentScript;
  var origin = new URL(script && script.src ? script.src : location.href).origin;
  ${BrowserPage.layerScript("origin")}
  function fail(code, message) { var e = new Error(message); e.code = code; return e; }
  function TossPayments(clientKey) {
    if (typeof clientKey !== "string" || clientKey.length === 0) throw fail("INVALID_CLIENT_KEY", "클라이언트 키가 올바르지 않습니다.");
    return {
      payment: function (options) {
        var customerKey = options && options.customerKey;
        if (typeof customerKey !== "string" || customerKey.length < 2) throw fail("INVALID_CUSTOMER_KEY", "customerKey 가 올바르지 않습니다.");
        return {
          requestPayment: function (p) {
            return new Promise(function (resolve, reject) {
              if (!p || (p.method !== "CARD" && p.method !== "VIRTUAL_ACCOUNT")) return reject(fail("INVALID_METHOD", "지원하지 않는 결제수단입니다. (fake: CARD, VIRTUAL_ACCOUNT)"));
              if (!p.amount || p.amount.currency !== "KRW" || !(p.amount.value > 0) || p.amount.value % 1 !== 0) return reject(fail("INVALID_AMOUNT", "amount 는 {currency: 'KRW', value: 양의 정수} 여야 합니다."));
              if (typeof p.orderId !== "string" || !/^[A-Za-z0-9_-]{6,64}$/.test(p.orderId)) return reject(fail("INVALID_ORDER_ID", "orderId는 영문 대소문자, 숫자, 특수문자(-, _) 만 허용합니다. 6자 이상 64자 이하여야 합니다."));
              if (typeof p.orderName !== "string" || p.orderName.length === 0) return reject(fail("INVALID_ORDER_NAME", "orderName 이 필요합니다."));
              if (typeof p.successUrl !== "string" || typeof p.failUrl !== "string") return reject(fail("INVALID_URL", "successUrl, failUrl 이 필요합니다."));
              var q = new URLSearchParams({ clientKey: clientKey, customerKey: customerKey, method: p.method, amount: String(p.amount.value),
                orderId: p.orderId, orderName: p.orderName, successUrl: new URL(p.successUrl, location.href).href, failUrl: new URL(p.failUrl, location.href).href });
              if (p.customerName) q.set("customerName", p.customerName);
              if (p.method === "CARD" && p.card && p.card.flowMode === "DIRECT" && p.card.easyPay) q.set("easyPay", p.card.easyPay);
              openLayer(origin + "/window?" + q.toString(), function (message) { location.href = message.redirect; });
              // as the real SDK in redirect mode, the promise stays pending: the page navigates away
            });
          },
        };
      },
    };
  }
  TossPayments.ANONYMOUS = "ANONYMOUS";
  window.TossPayments = TossPayments;
})();
`;

