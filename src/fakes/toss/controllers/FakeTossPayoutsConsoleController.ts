import { Body, Controller, Get, HttpCode, Inject, Param, Post } from "@nestjs/common";
import typia from "typia";

import { BrowserPage } from "../../common/BrowserPage";
import { FakeTossError } from "../FakeTossError";
import { FakeTossPayouts } from "../FakeTossPayouts";
import { FAKE_TOSS_STORES, type IFakeTossStores } from "./FakeTossBrowserController";
import { valid } from "./FakeTossRequest";

/**
 * `GET /console/payouts`: each merchant's sellers and payouts as the fake holds them, with the
 * buttons of Toss's reviewers and banks: approve a seller (in part or in full), ask for KYC,
 * complete or fail a payout. Account numbers are shown masked, as Toss's dashboard does.
 */
@Controller("console/payouts")
export class FakeTossPayoutsConsoleController {
  public constructor(
    @Inject(FakeTossPayouts) private readonly payouts: FakeTossPayouts,
    @Inject(FAKE_TOSS_STORES) private readonly stores: IFakeTossStores,
  ) {}

  @Get()
  @BrowserPage.Served("text/html")
  public page(): string {
    const e = BrowserPage.escape;
    const sections = this.stores
      .all()
      .filter((s) => s.payout.securityKey !== null)
      .map((store) => {
        this.payouts.advance(store.payout);
        const sellers = [...store.payout.sellers.values()]
          .reverse()
          .map(
            (s) => `<tr data-id="${e(s.id)}"><td><code>${e(s.refSellerId)}</code><br><span class="muted">${e(s.id)}</span></td><td>${e(s.businessType)}</td>
<td>${e(s.company?.name ?? s.individual?.name ?? "")}</td><td>${e(s.account.bankCode)} ${e("*".repeat(Math.max(0, s.account.accountNumber.length - 4)) + s.account.accountNumber.slice(-4))}</td>
<td><span class="badge">${e(s.status)}</span></td><td><button data-action="partially_approve">일부 승인</button><button data-action="approve">승인</button><button class="secondary" data-action="require_kyc">KYC 요청</button></td></tr>`,
          )
          .join("\n");
        const payouts = [...store.payout.payouts.values()]
          .reverse()
          .map(
            (p) => `<tr data-id="${e(p.id)}"><td><code>${e(p.refPayoutId)}</code><br><span class="muted">${e(p.id)}</span></td><td>${e(p.destination)}</td><td>${e(p.amount.value)}</td>
<td>${e(p.scheduleType)} ${e(p.payoutDate)}</td><td><span class="badge">${e(p.status)}</span>${p.error !== null ? `<br><span class="error">${e(p.error.code)}</span>` : ""}</td>
<td>${p.status === "REQUESTED" || p.status === "IN_PROGRESS" ? `<button data-action="complete">지급 완료</button><button class="danger" data-action="fail">지급 실패</button>` : ""}</td></tr>`,
          )
          .join("\n");
        return `<section class="card" data-store="${e(store.mId)}"><h2>${e(store.mId)}</h2><p class="muted">잔액 ${e(store.payout.balance.available)} (정산 중 ${e(store.payout.balance.pending)})</p>
<h2>셀러</h2><table data-table="sellers"><tr><th>refSellerId / id</th><th>type</th><th>name</th><th>account</th><th>status</th><th></th></tr>${sellers}</table>
<h2>지급대행</h2><table data-table="payouts"><tr><th>refPayoutId / id</th><th>seller</th><th>amount</th><th>schedule</th><th>status</th><th></th></tr>${payouts}</table></section>`;
      });
    const script = `${BrowserPage.finishScript}
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-action]");
  if (!button) return;
  var body = { mId: button.closest("section").getAttribute("data-store"), id: button.closest("tr").getAttribute("data-id") };
  post("payouts/" + button.getAttribute("data-action"), body).then(function () { location.reload(); }, function (e) { alert(e.message); });
});`;
    return BrowserPage.html(
      "토스페이먼츠 지급대행 콘솔 (FAKE)",
      `<main><h1>Fake Toss payouts console</h1><p class="muted">The fake's own sellers and payouts (not payments-server's records). <a href="payouts">Refresh</a></p>${sections.join("\n")}</main>`,
      script,
    );
  }

  @Post(":action")
  @HttpCode(200)
  public action(@Param("action") action: string, @Body() input: unknown): { done: true } {
    const r = valid(typia.validate<{ mId: string; id: string }>(input));
    const store = this.stores.all().find((s) => s.mId === r.mId);
    if (store === undefined) throw FakeTossError.invalid("상점을 찾을 수 없습니다. (mId)");
    const statuses = { partially_approve: "PARTIALLY_APPROVED", approve: "APPROVED", require_kyc: "KYC_REQUIRED" } as const;
    if (action in statuses) this.payouts.setSellerStatus(store.payout, r.id, statuses[action as keyof typeof statuses]);
    else if (action === "complete" || action === "fail")
      this.payouts.settle(store.payout, this.payouts.payout(store.payout, r.id), true, action === "fail" ? { code: "INVALID_ACCOUNT", message: "입금할 수 없는 계좌입니다." } : undefined);
    else throw FakeTossError.invalid("알 수 없는 작업입니다.");
    return { done: true };
  }
}
