import { Body, Controller, Get, HttpCode, HttpException, Inject, Param, Post, Query } from "@nestjs/common";
import typia, { tags } from "typia";

import type { IIamportPayment } from "../../../api/structures/iamport/IIamportPayment";
import { BrowserPage } from "../../common/BrowserPage";
import { FakeIamportService } from "../FakeIamportService";
import { FakeIamportWebhooks } from "../FakeIamportWebhooks";
import { FAKE_IAMPORT_SERVICE } from "./FakeIamportReply";

export const FAKE_IAMPORT_MERCHANTS = Symbol("FAKE_IAMPORT_MERCHANTS");
/** Merchant identification codes (`IMP.init(code)`) and the REST key pair whose data they see. */
export interface IFakeIamportMerchants {
  ownerOf(impCode: string): string | null;
  all(): { imp_code: string | null; imp_key: string }[];
  webhooks(): FakeIamportWebhooks.IDelivery[];
}

/**
 * The browser side of the fake Iamport: `https://cdn.iamport.kr/v1/iamport.js` and its payment
 * window, and a console of the merchant's payments and webhooks.
 *
 * - `GET /v1/iamport.js`: `IMP.init(impCode)`, then `IMP.request_pay({pay_method: "card" |
 *   "vbank" | "trans", merchant_uid, amount, name, buyer_*?, notice_url?, m_redirect_url?},
 *   callback)`. The outcome goes to `callback(rsp)` (`{success, imp_uid, merchant_uid,
 *   paid_amount, status, error_code, error_msg, …}`); without a callback, the page is sent to
 *   `m_redirect_url?imp_uid&merchant_uid&imp_success&error_code&error_msg`.
 * - `GET /window`: the window (pay, decline, close). A declined card leaves a `failed`
 *   payment, as at Iamport; a closed window leaves nothing.
 * - `GET /console`: payments per merchant with deposit (vbank) and webhook resend; the webhook log.
 *
 * FAKE DIFFERS: the real script chooses callback (desktop) or `m_redirect_url` (mobile) by the
 * device; the fake by whether a callback is given. Its window is its own page in a layer; `pg`
 * is ignored (every payment is the fake's "nice" PG); the console has no login.
 */
@Controller()
export class FakeIamportBrowserController {
  public constructor(
    @Inject(FAKE_IAMPORT_SERVICE) private readonly service: FakeIamportService,
    @Inject(FAKE_IAMPORT_MERCHANTS) private readonly merchants: IFakeIamportMerchants,
  ) {}

  @Get("v1/iamport.js")
  @BrowserPage.Served("application/javascript")
  public script(): string {
    return SDK_SCRIPT;
  }

  @Get("window")
  @BrowserPage.Served("text/html")
  public window(@Query() query: Record<string, string>): string {
    const parsed = parseParams(query.params);
    if (parsed === null || typeof query.imp !== "string" || typeof query.origin !== "string")
      return BrowserPage.html("결제창", `<main class="card"><h1>잘못된 결제 요청</h1><p>IMP.request_pay 의 파라미터를 확인하세요.</p></main>`);
    if (this.merchants.ownerOf(query.imp) === null)
      return BrowserPage.html("결제창", `<main class="card"><h1>가맹점 식별코드가 올바르지 않습니다</h1><p><code>${BrowserPage.escape(query.imp)}</code></p></main>`);
    const p = parsed;
    const method = p.pay_method ?? "card";
    const body = `<main class="card" data-window="iamport">
  <p class="muted">아임포트 (FAKE, sandbox) · ${BrowserPage.escape(query.imp)}</p>
  <h1>${BrowserPage.escape(p.name ?? "주문")}</h1>
  <p class="amount">${p.amount.toLocaleString("ko-KR")}원</p>
  <p class="muted">주문번호 ${BrowserPage.escape(p.merchant_uid)} · ${BrowserPage.escape(method)}</p>
  ${method === "card" ? `<label>카드 번호 <input id="card" value="4330-1234-1234-1234"></label>` : ""}
  <button id="approve">${method === "vbank" ? "가상계좌 발급받기" : "결제하기"}</button>
  ${method === "card" ? `<button id="decline" class="danger">카드 거절</button>` : ""}
  <button id="close" class="secondary">닫기</button>
  <p class="muted" id="status"></p>
</main>`;
    const script = BrowserPage.windowScript(
      `var IMP_CODE = ${BrowserPage.json(query.imp)}, PARAMS = ${BrowserPage.json(p)}, TARGET = ${BrowserPage.json(query.origin)};
function request(action) {
  var card = document.getElementById("card");
  return { imp: IMP_CODE, action: action, params: PARAMS, card_number: card ? card.value : undefined };
}`,
      `{ source: "fake-iamport", rsp: answer.rsp }`,
      "TARGET",
    );
    return BrowserPage.html("아임포트 결제창 (FAKE)", body, script);
  }

  /** The buyer's choice in the window: the `rsp` the merchant's callback receives. */
  @Post("window/result")
  @HttpCode(200)
  public result(@Body() input: unknown): { rsp: IRsp } {
    const v = typia.validate<{ imp: string; action: "approve" | "decline" | "cancel"; params: IRequestPay; card_number?: string }>(input);
    if (!v.success) throw new HttpException({ code: -1, message: `잘못된 요청입니다: ${v.errors.map((e) => e.path).join(", ")}` }, 400);
    const { imp, action, params } = v.data;
    const owner = this.merchants.ownerOf(imp);
    if (owner === null) throw new HttpException({ code: -1, message: "가맹점 식별코드가 올바르지 않습니다." }, 401);
    if (action === "cancel")
      return { rsp: { success: false, imp_uid: null, merchant_uid: params.merchant_uid, pay_method: params.pay_method ?? "card", paid_amount: 0, status: null, error_code: "F400", error_msg: "사용자가 결제를 취소하셨습니다" } };
    const answer = this.service.window(owner, {
      merchant_uid: params.merchant_uid,
      amount: params.amount,
      pay_method: params.pay_method ?? "card",
      ...(params.name !== undefined ? { name: params.name } : {}),
      ...(params.buyer_name !== undefined ? { buyer_name: params.buyer_name } : {}),
      ...(params.buyer_email !== undefined ? { buyer_email: params.buyer_email } : {}),
      ...(params.buyer_tel !== undefined ? { buyer_tel: params.buyer_tel } : {}),
      ...(params.notice_url !== undefined ? { notice_url: params.notice_url } : {}),
      ...(params.custom_data !== undefined ? { custom_data: typeof params.custom_data === "string" ? params.custom_data : JSON.stringify(params.custom_data) } : {}),
      // a decline is a card the issuer refuses: the payment exists, `failed`, as at Iamport
      card_number: action === "decline" ? FakeIamportService.CARDS.DECLINED : (v.data.card_number ?? "4330123412341234"),
    });
    const payment = answer.body.response as IIamportPayment | null;
    if (answer.status !== 200 || answer.body.code !== 0 || payment === null)
      return { rsp: { success: false, imp_uid: payment?.imp_uid ?? null, merchant_uid: params.merchant_uid, pay_method: params.pay_method ?? "card", paid_amount: 0, status: payment?.status ?? null, error_code: "F500", error_msg: answer.body.message ?? "결제에 실패했습니다" } };
    const ok = payment.status === "paid" || payment.status === "ready";
    return {
      rsp: {
        success: ok,
        imp_uid: payment.imp_uid,
        merchant_uid: payment.merchant_uid,
        pay_method: payment.pay_method,
        paid_amount: payment.status === "paid" ? payment.amount : 0,
        status: payment.status,
        error_code: ok ? null : "F1002",
        error_msg: ok ? null : (payment.fail_reason ?? "결제에 실패했습니다"),
        ...(payment.pay_method === "vbank" ? { vbank_num: payment.vbank_num, vbank_name: payment.vbank_name, vbank_holder: payment.vbank_holder, vbank_date: payment.vbank_date } : {}),
      },
    };
  }

  @Get("console")
  @BrowserPage.Served("text/html")
  public console(): string {
    const e = BrowserPage.escape;
    const sections = this.merchants.all().map(({ imp_code, imp_key }) => {
      const rows = this.service
        .list(imp_key)
        .map(
          (p) => `<tr data-imp-uid="${e(p.imp_uid)}" data-merchant-uid="${e(p.merchant_uid)}"><td><code>${e(p.merchant_uid)}</code><br><span class="muted">${e(p.imp_uid)}</span></td>
<td>${e(p.pay_method)}</td><td><span class="badge">${e(p.status)}</span></td><td>${e(p.amount)}</td><td>${e(p.cancel_amount)}</td>
<td>${p.vbank_num !== null ? `${e(p.vbank_name)} ${e(p.vbank_num)}` : ""}</td>
<td>${p.pay_method === "vbank" && p.status === "ready" ? `<button data-action="deposit">입금 처리</button>` : ""}<button class="secondary" data-action="webhook">웹훅 재전송</button></td></tr>`,
        )
        .join("\n");
      return `<section class="card" data-owner="${e(imp_key)}"><h2>${e(imp_code ?? "(no merchant code)")} <span class="muted">REST key ${e(imp_key)}</span></h2>
<table data-table="payments"><tr><th>merchant_uid / imp_uid</th><th>method</th><th>status</th><th>amount</th><th>cancelled</th><th>vbank</th><th></th></tr>${rows}</table></section>`;
    });
    const deliveries = this.merchants
      .webhooks()
      .slice(-50)
      .reverse()
      .map((d) => `<tr><td>${e(d.body.merchant_uid)}</td><td>${e(d.body.imp_uid)}</td><td>${e(d.body.status)}</td><td>${e(d.url)}</td><td>${e(d.status ?? d.error ?? "sending")}</td></tr>`)
      .join("\n");
    const script = BrowserPage.consoleScript({ attribute: "data-owner", field: "owner" }, { attribute: "data-imp-uid", field: "imp_uid" });
    return BrowserPage.html(
      "아임포트 콘솔 (FAKE)",
      `<main><h1>Fake Iamport console</h1><p class="muted">The fake's own payments and webhooks (not payments-server's records). <a href="console">Refresh</a></p>${sections.join("\n")}
<section class="card"><h2>Webhooks (notice_url)</h2><table data-table="webhooks"><tr><th>merchant_uid</th><th>imp_uid</th><th>status</th><th>url</th><th>answer</th></tr>${deliveries}</table></section></main>`,
      script,
    );
  }

  @Post("console/:action")
  @HttpCode(200)
  public consoleAction(@Param("action") action: string, @Body() input: unknown): { done: true } {
    const v = typia.validate<{ owner: string; imp_uid: string }>(input);
    if (!v.success || !this.merchants.all().some((m) => m.imp_key === v.data.owner)) throw new HttpException({ code: -1, message: "잘못된 요청입니다." }, 400);
    const answer =
      action === "deposit" ? this.service.deposit(v.data.owner, v.data.imp_uid, {})
      : action === "webhook" ? this.service.resend(v.data.owner, v.data.imp_uid)
      : null;
    if (answer === null) throw new HttpException({ code: -1, message: "알 수 없는 작업입니다." }, 404);
    if (answer.status !== 200 || answer.body.code !== 0) throw new HttpException({ code: answer.body.code, message: answer.body.message ?? "실패" }, 400);
    return { done: true };
  }
}

/** What a page gives `IMP.request_pay` (the fields the fake uses; others are ignored). */
interface IRequestPay {
  pg?: string;
  pay_method?: "card" | "vbank" | "trans" | "kakaopay" | "naverpay" | "tosspay" | "payco";
  merchant_uid: string & tags.MinLength<1> & tags.MaxLength<80>;
  amount: number & tags.Type<"uint64"> & tags.Minimum<1>;
  name?: string & tags.MaxLength<100>;
  buyer_name?: string;
  buyer_email?: string;
  buyer_tel?: string;
  notice_url?: string & tags.Format<"uri">;
  m_redirect_url?: string & tags.Format<"uri">;
  custom_data?: unknown;
}
interface IRsp {
  success: boolean;
  imp_uid: string | null;
  merchant_uid: string;
  pay_method: string;
  paid_amount: number;
  status: string | null;
  error_code: string | null;
  error_msg: string | null;
  [key: string]: unknown;
}

const parseParams = (raw: unknown): IRequestPay | null => {
  const parsed = BrowserPage.jsonParam(raw);
  return typia.is<IRequestPay>(parsed) ? parsed : null;
};

/** The `IMP` global of iamport.js, as far as `request_pay` goes; its window is this fake's `/window`. */
const SDK_SCRIPT = `(function () {
  var script = document.currentScript;
  var origin = new URL(script && script.src ? script.src : location.href).origin;
  ${BrowserPage.layerScript("origin")}
  var code = null;
  function redirect(url, rsp) {
    var target = new URL(url, location.href);
    target.searchParams.set("imp_uid", rsp.imp_uid || "");
    target.searchParams.set("merchant_uid", rsp.merchant_uid);
    target.searchParams.set("imp_success", String(rsp.success));
    if (rsp.error_code) target.searchParams.set("error_code", rsp.error_code);
    if (rsp.error_msg) target.searchParams.set("error_msg", rsp.error_msg);
    location.href = target.href;
  }
  window.IMP = {
    init: function (impCode) { code = impCode; },
    request_pay: function (params, callback) {
      var done = function (rsp) {
        if (typeof callback === "function") callback(rsp);
        else if (params && params.m_redirect_url) redirect(params.m_redirect_url, rsp);
      };
      if (code === null) return done({ success: false, imp_uid: null, merchant_uid: params && params.merchant_uid, error_code: "F0000", error_msg: "IMP.init() 을 먼저 호출하세요." });
      var q = new URLSearchParams({ imp: code, origin: location.origin, params: JSON.stringify(params || {}) });
      openLayer(origin + "/window?" + q.toString(), function (message) { done(message.rsp); });
    },
  };
})();
`;
