import { HttpError } from "@nestia/fetcher";
import crypto from "node:crypto";
import http from "node:http";

import api from "../api";
import type { IPaymentHistory } from "../api/structures/IPaymentHistory";
import type { IPaymentWebhook } from "../api/structures/IPaymentWebhook";
import { WebhookReceiver } from "../api/WebhookReceiver";
import { BrowserPage } from "../fakes/common/BrowserPage";

/**
 * The sandbox's demo shop: a small merchant back end and its pages, written the way a caller of
 * payments-server would write them. It prepares an order through the SDK, opens the fake PG's
 * window from the browser (Toss's `TossPayments(...).payment(...).requestPayment`, Iamport's
 * `IMP.request_pay`, PortOne V2's `PortOne.requestPayment`; cards, a virtual account and easy
 * pay), registers the payment on return, cancels part of it, and shows the
 * webhooks payments-server delivers to it.
 *
 * It keeps its orders in memory (bounded): it is a demonstration, not a shop.
 */
export class DemoShop {
  private server: http.Server | null = null;
  private readonly orders = new Map<string, DemoShop.IOrder>();

  public constructor(private readonly props: DemoShop.IProps) {}

  public get host(): string {
    return `http://127.0.0.1:${this.props.port}`;
  }

  public async open(): Promise<void> {
    if (this.server !== null) return;
    const server = http.createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.props.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
  }

  public async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** An order as the shop knows it (what its page shows). */
  public order(id: string): DemoShop.IOrder | undefined {
    return this.orders.get(id);
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.host);
    const route = `${request.method} ${url.pathname}`;
    try {
      const body = request.method === "POST" ? await read(request) : "";
      if (route === "GET /") return page(response, 200, this.home());
      if (route === "POST /orders") return json(response, 200, await this.prepare(JSON.parse(body)));
      if (route === "GET /toss/success") return await this.tossSuccess(url, response);
      if (route === "GET /toss/fail") return page(response, 200, this.failed(url.searchParams.get("code"), url.searchParams.get("message"), url.searchParams.get("orderId")));
      if (route === "POST /iamport/complete") return json(response, 200, await this.iamportComplete(JSON.parse(body)));
      if (route === "GET /iamport/complete") return await this.iamportRedirected(url, response);
      if (route === "POST /portone/complete") return json(response, 200, await this.portoneComplete(JSON.parse(body)));
      if (route === "POST /webhooks") return this.webhook(request, body, response);
      const order = /^\/orders\/([A-Za-z0-9_-]+)(\/state|\/cancel)?$/.exec(url.pathname);
      if (order !== null) {
        const found = this.orders.get(order[1]!);
        if (found === undefined) return page(response, 404, BrowserPage.html("Not found", `<main class="card"><h1>No such order</h1><a href="/">Shop</a></main>`));
        if (request.method === "GET" && order[2] === undefined) return page(response, 200, this.orderPage(found));
        if (request.method === "GET" && order[2] === "/state") return json(response, 200, await this.state(found));
        if (request.method === "POST" && order[2] === "/cancel") return json(response, 200, await this.cancel(found, JSON.parse(body)));
      }
      page(response, 404, BrowserPage.html("Not found", `<main class="card"><h1>Not found</h1><a href="/">Shop</a></main>`));
    } catch (exp) {
      // The shop shows payments-server's refusal as it came ({code, message}); anything else is the shop's own fault.
      const error = exp instanceof HttpError ? parseError(exp) : { code: "SHOP_ERROR", message: exp instanceof Error ? exp.message : String(exp) };
      const status = exp instanceof HttpError ? exp.status : 400;
      if ((request.headers.accept ?? "").includes("text/html")) page(response, status, this.failed(error.code, error.message, null));
      else json(response, status, error);
    }
  }

  /* ----------------------------------------------------------------
    THE MERCHANT'S BACK END
  ---------------------------------------------------------------- */
  private async prepare(input: { gateway?: unknown; amount?: unknown; name?: unknown }): Promise<{ orderId: string; amount: number; name: string; storeId: string | null; channelKey: string | null }> {
    const gateway = input.gateway as DemoShop.IOrder["gateway"];
    if (!DemoShop.GATEWAYS.includes(gateway)) throw new Error(`gateway must be one of ${DemoShop.GATEWAYS.join(", ")}`);
    const amount = Number(input.amount);
    if (!Number.isSafeInteger(amount) || amount < 100) throw new Error("amount must be a whole number of won, at least 100");
    const name = typeof input.name === "string" && input.name.length !== 0 ? input.name.slice(0, 100) : "Demo order";
    const id = `demo_${Date.now().toString(36)}_${crypto.randomBytes(4).toString("hex")}`;
    const order: DemoShop.IOrder = { id, gateway, amount, name, password: crypto.randomBytes(24).toString("base64url"), history: null, events: [] };
    const prepared = await api.functional.payments.histories.prepare(this.props.connection, {
      vendor: this.vendor(gateway),
      source: this.source(order),
      price: amount,
      order_name: name,
      webhook_url: `${this.host}/webhooks`,
      password: order.password,
    });
    this.remember(order);
    // What the browser SDK opens the window with comes from the prepared order (PortOne: its store and channel).
    return { orderId: id, amount, name, storeId: prepared.merchant_code, channelKey: prepared.client_key };
  }

  private vendor(gateway: DemoShop.IOrder["gateway"]) {
    if (gateway.startsWith("iamport")) return { code: "iamport" as const, store_id: this.props.iamport.storeId };
    if (gateway.startsWith("portone")) return { code: "portone" as const, store_id: this.props.portone.storeId };
    return { code: "toss.payments" as const, store_id: this.props.toss.storeId };
  }

  /** PortOne's window resolved: register the payment it names (its `paymentId` is our order id). */
  private async portoneComplete(input: { paymentId?: unknown }): Promise<{ redirect: string }> {
    const order = this.orders.get(String(input.paymentId));
    if (order === undefined) throw new Error("This shop has no such order");
    order.history = await api.functional.payments.histories.create(this.props.connection, {
      vendor: { ...this.vendor(order.gateway), uid: order.id },
      source: this.source(order),
      price: order.amount,
      password: order.password,
    });
    return { redirect: `/orders/${order.id}` };
  }

  /** Toss sent the buyer back: register the payment for the amount of OUR order, not the URL's. */
  private async tossSuccess(url: URL, response: http.ServerResponse): Promise<void> {
    const order = this.orders.get(url.searchParams.get("orderId") ?? "");
    const paymentKey = url.searchParams.get("paymentKey");
    if (order === undefined || paymentKey === null) return page(response, 400, this.failed("UNKNOWN_ORDER", "This shop has no such order", url.searchParams.get("orderId")));
    order.history = await api.functional.payments.histories.create(this.props.connection, {
      vendor: { code: "toss.payments", store_id: this.props.toss.storeId, uid: paymentKey },
      source: this.source(order),
      price: order.amount,
      password: order.password,
    });
    response.writeHead(303, { location: `/orders/${order.id}` }).end();
  }

  private async iamportComplete(input: { imp_uid?: unknown; merchant_uid?: unknown }): Promise<{ redirect: string }> {
    const order = this.orders.get(String(input.merchant_uid));
    if (order === undefined || typeof input.imp_uid !== "string") throw new Error("This shop has no such order");
    order.history = await api.functional.payments.histories.create(this.props.connection, {
      vendor: { code: "iamport", store_id: this.props.iamport.storeId, uid: input.imp_uid },
      source: this.source(order),
      price: order.amount,
      password: order.password,
    });
    return { redirect: `/orders/${order.id}` };
  }

  /** Iamport's mobile flow: the window sent the browser to `m_redirect_url` instead of calling back. */
  private async iamportRedirected(url: URL, response: http.ServerResponse): Promise<void> {
    const q = url.searchParams;
    if (q.get("imp_success") !== "true" || q.get("error_code") !== null)
      return page(response, 200, this.failed(q.get("error_code"), q.get("error_msg"), q.get("merchant_uid")));
    const { redirect } = await this.iamportComplete({ imp_uid: q.get("imp_uid"), merchant_uid: q.get("merchant_uid") });
    response.writeHead(303, { location: redirect }).end();
  }

  private async cancel(order: DemoShop.IOrder, input: { amount?: unknown }): Promise<{ refund: number }> {
    const amount = input.amount === undefined || input.amount === "" ? undefined : Number(input.amount);
    if (amount !== undefined && (!Number.isSafeInteger(amount) || amount < 1)) throw new Error("amount must be a whole number of won");
    order.history = await api.functional.payments.histories.cancel(this.props.connection, {
      source: this.source(order),
      password: order.password,
      ...(amount !== undefined ? { price: amount } : {}),
      reason: "demo shop: cancelled by the merchant",
    });
    return { refund: order.history.refund };
  }

  private async state(order: DemoShop.IOrder) {
    if (order.history !== null) order.history = (await api.functional.payments.histories.at(this.props.connection, order.history.id, { password: order.password })) as IPaymentHistory;
    const h = order.history;
    const method = h === null || h.method === null ? null : h.easy_pay !== null ? `easy pay (${h.easy_pay.provider})` : h.method.replace("_", " ");
    return { status: h?.status ?? "not paid", price: order.amount, refund: h?.refund ?? 0, method, virtual_account: h?.virtual_account ?? null, events: order.events };
  }

  /** payments-server's delivery: verified and decrypted, remembered with its order, answered 200. */
  private webhook(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    let event: IPaymentWebhook;
    try {
      event = WebhookReceiver.accept({ secrets: this.props.webhookSecrets, encryption: this.props.connection.encryption as { key: string; iv: string } }, request.headers, body);
    } catch {
      return json(response, 400, { code: "REJECTED", message: "signature or timestamp refused" });
    }
    const order = this.orders.get(event.source.id);
    // at least once: a redelivery of an event already seen changes nothing
    if (order !== undefined && !order.events.some((e) => e.id === event.id))
      order.events.push({ id: event.id, type: event.type, status: event.current.status, refund: event.current.refund, received_at: new Date().toISOString() });
    json(response, 200, { ok: true });
  }

  private source(order: DemoShop.IOrder) {
    return { schema: "demo_shop", table: "orders", id: order.id };
  }

  private remember(order: DemoShop.IOrder): void {
    this.orders.set(order.id, order);
    if (this.orders.size > 1_000) this.orders.delete(this.orders.keys().next().value!);
  }

  /* ----------------------------------------------------------------
    PAGES
  ---------------------------------------------------------------- */
  private home(): string {
    const { toss, iamport, portone } = this.props;
    const body = `<main>
<h1>Demo shop <span class="badge">sandbox</span></h1>
<p class="muted">A merchant calling payments-server through its SDK. Pay in a fake PG's window, then watch the registration, cancel part of it and see the webhooks arrive.
Fake consoles: <a href="${BrowserPage.escape(toss.host)}/console" target="_blank">Toss</a> · <a href="${BrowserPage.escape(iamport.host)}/console" target="_blank">Iamport</a></p>
<section class="card">
  <label>Gateway <select id="gateway">
    <option value="toss-card">Toss Payments: card</option>
    <option value="toss-virtual-account">Toss Payments: virtual account</option>
    <option value="toss-easy-pay">Toss Payments: easy pay (토스페이)</option>
    <option value="iamport-card">Iamport: card</option>
    <option value="portone-card">PortOne V2: card</option>
    <option value="portone-easy-pay">PortOne V2: easy pay (KAKAOPAY)</option>
  </select></label>
  <label>Order name <input id="name" value="Sneakers"></label>
  <label>Amount (won) <input id="amount" value="25000" inputmode="numeric"></label>
  <button id="pay">Pay</button>
  <p class="muted" id="status"></p>
</section></main>
<script src="${BrowserPage.escape(toss.host)}/v2/standard"></script>
<script src="${BrowserPage.escape(iamport.host)}/v1/iamport.js"></script>
<script src="${BrowserPage.escape(portone.host)}/v2/browser-sdk.js"></script>`;
    const script = `
var TOSS_CLIENT_KEY = ${BrowserPage.json(toss.clientKey)}, IMP_CODE = ${BrowserPage.json(iamport.impCode)};
function say(text) { document.getElementById("status").textContent = text; }
function post(path, body) {
  return fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.code + ": " + b.message); return b; }); });
}
document.getElementById("pay").onclick = function () {
  var gateway = document.getElementById("gateway").value;
  say("preparing the order…");
  post("/orders", { gateway: gateway, amount: Number(document.getElementById("amount").value), name: document.getElementById("name").value }).then(function (order) {
    if (gateway === "iamport-card") {
      IMP.init(IMP_CODE);
      IMP.request_pay({ pg: "html5_inicis", pay_method: "card", merchant_uid: order.orderId, amount: order.amount, name: order.name, buyer_name: "홍길동",
        m_redirect_url: location.origin + "/iamport/complete" }, function (rsp) {
        if (!rsp.success) return say("payment failed: " + rsp.error_code + " " + rsp.error_msg);
        post("/iamport/complete", { imp_uid: rsp.imp_uid, merchant_uid: rsp.merchant_uid }).then(function (a) { location.href = a.redirect; }, function (e) { say(e.message); });
      });
      return;
    }
    if (gateway.indexOf("portone") === 0) {
      var easy = gateway === "portone-easy-pay";
      PortOne.requestPayment({ storeId: order.storeId, channelKey: order.channelKey, paymentId: order.orderId, orderName: order.name,
        totalAmount: order.amount, currency: "CURRENCY_KRW", payMethod: easy ? "EASY_PAY" : "CARD", easyPay: easy ? { easyPayProvider: "KAKAOPAY" } : undefined,
      }).then(function (response) {
        if (response.code !== undefined) return say("payment failed: " + response.code + " " + response.message);
        post("/portone/complete", { paymentId: response.paymentId }).then(function (a) { location.href = a.redirect; }, function (e) { say(e.message); });
      });
      return;
    }
    TossPayments(TOSS_CLIENT_KEY).payment({ customerKey: TossPayments.ANONYMOUS }).requestPayment({
      method: gateway === "toss-virtual-account" ? "VIRTUAL_ACCOUNT" : "CARD",
      card: gateway === "toss-easy-pay" ? { flowMode: "DIRECT", easyPay: "TOSSPAY" } : undefined,
      amount: { currency: "KRW", value: order.amount },
      orderId: order.orderId, orderName: order.name,
      successUrl: location.origin + "/toss/success", failUrl: location.origin + "/toss/fail",
    }).catch(function (e) { say(e.code + ": " + e.message); });
  }, function (e) { say(e.message); });
};`;
    return BrowserPage.html("Demo shop (sandbox)", body, script);
  }

  private orderPage(order: DemoShop.IOrder): string {
    const e = BrowserPage.escape;
    const fakeConsole = order.gateway === "iamport-card" ? this.props.iamport.host : this.props.toss.host;
    const body = `<main>
<p><a href="/">← Shop</a></p>
<h1>Order <code>${e(order.id)}</code></h1>
<section class="card">
  <p>${e(order.name)} · ${e(order.amount.toLocaleString("ko-KR"))}원 · ${e(order.gateway)}</p>
  <p>Status: <span class="badge" id="order-status">…</span> · refunded <span id="order-refund">0원</span> · paid with <span id="order-method">…</span></p>
  <p id="virtual-account" class="muted"></p>
  ${order.gateway === "toss-virtual-account" ? `<p class="muted">A virtual account is paid from the <a href="${e(fakeConsole)}/console" target="_blank">fake console</a> ("입금 처리").</p>` : ""}
</section>
<section class="card">
  <h2>Cancel</h2>
  <label>Amount (empty: the whole balance) <input id="cancel-amount" inputmode="numeric"></label>
  <button id="cancel" class="danger">Cancel</button>
  <p class="muted" id="cancel-status"></p>
</section>
<section class="card">
  <h2>Webhooks received from payments-server</h2>
  <table id="events"><tr><th>type</th><th>status</th><th>refund</th><th>received</th></tr></table>
</section></main>`;
    const script = `
var ORDER = ${BrowserPage.json(order.id)};
// Toss answers a bank as its two-digit code (since 2022-11-16): shown by its name.
var BANKS = { "02": "KDB산업", "03": "IBK기업", "04": "KB국민", "07": "Sh수협", "11": "NH농협", "20": "우리", "23": "SC제일", "27": "씨티", "31": "아이엠뱅크", "32": "부산", "34": "광주", "35": "제주", "37": "전북", "39": "경남", "45": "새마을금고", "48": "신협", "71": "우체국", "81": "하나", "88": "신한", "89": "케이뱅크", "90": "카카오뱅크", "92": "토스뱅크" };
function won(n) { return Number(n).toLocaleString("ko-KR") + "원"; }
function text(tag, value) { var cell = document.createElement(tag); cell.textContent = value; return cell; }
function refresh() {
  fetch("/orders/" + ORDER + "/state").then(function (r) { return r.json(); }).then(function (s) {
    document.getElementById("order-status").textContent = s.status;
    document.getElementById("order-refund").textContent = won(s.refund);
    document.getElementById("order-method").textContent = s.method || "—";
    var va = s.virtual_account;
    document.getElementById("virtual-account").textContent = va ? "Deposit " + won(s.price) + " to " + (BANKS[va.bank] || va.bank) + " " + va.account_number + " (" + va.holder + ")" : "";
    var table = document.getElementById("events");
    while (table.rows.length > 1) table.deleteRow(1);
    s.events.forEach(function (ev) {
      var row = document.createElement("tr");
      row.setAttribute("data-event-type", ev.type);
      [ev.type, ev.status, won(ev.refund), ev.received_at].forEach(function (v) { row.appendChild(text("td", v)); });
      table.appendChild(row);
    });
  });
}
document.getElementById("cancel").onclick = function () {
  var amount = document.getElementById("cancel-amount").value;
  document.getElementById("cancel-status").textContent = "cancelling…";
  fetch("/orders/" + ORDER + "/cancel", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(amount ? { amount: Number(amount) } : {}) })
    .then(function (r) { return r.json().then(function (b) {
      var status = document.getElementById("cancel-status");
      status.className = r.ok ? "ok" : "error";
      status.textContent = r.ok ? "Refunded " + won(b.refund) + " in all." : "Not cancelled: " + b.code + ": " + b.message;
      refresh();
    }); });
};
refresh();
setInterval(refresh, 1000);`;
    return BrowserPage.html(`Order ${order.id}`, body, script);
  }

  private failed(code: string | null, message: string | null, orderId: string | null): string {
    const e = BrowserPage.escape;
    return BrowserPage.html(
      "Payment failed",
      `<main class="card" data-failed="${e(code)}"><h1>Payment not completed</h1><p><code id="fail-code">${e(code)}</code> ${e(message)}</p>${orderId !== null ? `<p class="muted">order ${e(orderId)}</p>` : ""}<p><a href="/">← Shop</a></p></main>`,
    );
  }
}
export namespace DemoShop {
  export interface IProps {
    port: number;
    /** The SDK connection of the shop's client at payments-server. */
    connection: api.IConnection;
    /** The client's webhook secrets (to verify deliveries). */
    webhookSecrets: string[];
    toss: { host: string; clientKey: string; storeId: string };
    iamport: { host: string; impCode: string; storeId: string };
    portone: { host: string; storeId: string };
  }
  export const GATEWAYS = ["toss-card", "toss-virtual-account", "toss-easy-pay", "iamport-card", "portone-card", "portone-easy-pay"] as const;
  export interface IOrder {
    id: string;
    gateway: (typeof GATEWAYS)[number];
    amount: number;
    name: string;
    password: string;
    history: IPaymentHistory | IPaymentHistory.IPending | null;
    events: IEvent[];
  }
  export interface IEvent {
    id: string;
    type: string;
    status: string;
    refund: number;
    received_at: string;
  }
}

const read = (request: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) request.destroy(new Error("body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

const page = (response: http.ServerResponse, status: number, html: string): void => {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
};
const json = (response: http.ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
};
const parseError = (exp: HttpError): { code: string; message: string } => {
  try {
    const body = JSON.parse(exp.message) as { code?: string; message?: string };
    return { code: body.code ?? String(exp.status), message: body.message ?? exp.message };
  } catch {
    return { code: String(exp.status), message: exp.message };
  }
};
