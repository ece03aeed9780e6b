import fs from "node:fs";

/**
 * The console's one page: plain HTML, CSS and script served by the server itself (no network
 * needed), in English and Korean (the operator picks; kept in the browser), fitting a phone.
 * Everything it shows comes from `/console/api/*` and is written into the page as text, never
 * as HTML.
 */
export namespace ConsolePage {
  const assets = new Map<string, string>();
  /** A file of the charting library's package, read once. */
  export const asset = (file: "uPlot.iife.min.js" | "uPlot.min.css"): string => {
    let text = assets.get(file);
    if (text === undefined) {
      text = fs.readFileSync(require.resolve(`uplot/dist/${file}`), "utf8");
      assets.set(file, text);
    }
    return text;
  };

  export const html = (): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>payments-server console</title><link rel="stylesheet" href="/console/assets/uplot.css"><style>${STYLE}</style></head>
<body><header><strong>payments-server</strong><nav id="nav" hidden>
<a href="#/payments" data-i18n="payments"></a><a href="#/webhooks" data-i18n="webhooks"></a><a href="#/inbox" data-i18n="inbox"></a><a href="#/settlements" data-i18n="settlements"></a><a href="#/health" data-i18n="health"></a>
<span id="who" class="muted"></span><button id="sign-out" class="secondary" data-i18n="sign_out"></button></nav>
<select id="lang" aria-label="language"><option value="en">English</option><option value="ko">한국어</option></select></header>
<main id="main"></main><script src="/console/assets/uplot.js"></script><script>${SCRIPT}</script></body></html>`;

  const STYLE = [
    "body{font-family:system-ui,-apple-system,'Noto Sans CJK KR','Noto Sans KR','Apple SD Gothic Neo','Malgun Gothic',sans-serif;margin:0;color:#191f28;background:#f9fafb}",
    "header{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:12px 16px;background:#fff;border-bottom:1px solid #e5e8eb}",
    "nav{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;flex:1}nav a{color:#3182f6;text-decoration:none;font-weight:600}",
    "main{max-width:1100px;margin:0 auto;padding:16px}h1{font-size:20px;margin:4px 0 12px}h2{font-size:16px;margin:18px 0 8px}",
    ".card{background:#fff;border:1px solid #e5e8eb;border-radius:12px;padding:14px;margin:0 0 14px;overflow-x:auto}",
    "table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e5e8eb;padding:6px 8px;text-align:left;vertical-align:top}",
    "td,code{overflow-wrap:anywhere}code{background:#f2f4f6;padding:1px 4px;border-radius:4px}",
    "button{font:inherit;padding:7px 12px;border-radius:8px;border:1px solid #3182f6;background:#3182f6;color:#fff;cursor:pointer;white-space:nowrap}",
    "button.secondary{background:#fff;color:#3182f6}button:disabled{opacity:.5;cursor:not-allowed}",
    "input,select{font:inherit;padding:6px;border:1px solid #d1d6db;border-radius:8px;max-width:100%;box-sizing:border-box}",
    "form.row{display:flex;flex-wrap:wrap;gap:8px;align-items:end}label{display:flex;flex-direction:column;font-size:12px;color:#4e5968;gap:2px}",
    ".muted{color:#6b7684;font-size:13px}.ok{color:#0e9f6e}.failed{color:#e42939}.error{color:#e42939;margin:8px 0}",
    ".stats{display:flex;flex-wrap:wrap;gap:12px}.stat{background:#f2f4f6;border-radius:10px;padding:8px 12px}.stat b{display:block;font-size:20px}",
    "ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{border-left:3px solid #d1d6db;padding:4px 10px;margin:0 0 6px}",
    "ol.timeline li.ok{border-color:#0e9f6e}ol.timeline li.failed{border-color:#e42939}ol.timeline .at{font-size:12px;color:#6b7684}",
    ".chart{overflow:hidden}.chart .uplot{max-width:100%}",
    "@media (max-width:600px){main{padding:10px}table{font-size:12px}}",
  ].join("\n");

  const SCRIPT = String.raw`
var T = {
  en: { payments: "Payments", webhooks: "Webhooks", inbox: "PG inbox", sign_out: "Sign out", sign_in: "Sign in", name: "Operator name (empty: the operator token)",
    token: "Token", search: "Search", q: "Our id, PG id or order id", status: "Status", vendor: "PG", from: "From", to: "To", any: "any", more: "More",
    none: "Nothing found.", amount: "Amount", created: "Recorded", order: "Order", client: "Client", timeline: "Timeline", replay: "Replay",
    replay_dead: "Replay dead events", pending: "Pending", lag: "Oldest pending (s)", dead: "Dead", endpoints: "Endpoints (24 h)", attempts: "Attempts",
    failures: "Failures", dead_events: "Dead events", health: "Health", per_hour: "Paid payments per hour", amount_hour: "Amount per hour (KRW)",
    refund_rate: "Refund rate per hour", pg_errors: "PG error rate (this instance)", pg_latency: "PG latency p50 / p99, s (this instance)", rps: "Requests per second (this instance)",
    registrations: "registrations", reads: "reads", cancel: "Refund", reason: "Reason", all: "all of it", settlements: "Settlements", payouts: "Payouts", runs: "Reconciliations", differences: "Differences", checked: "Checked",
    period: "Period", kind: "Kind", party: "Party", balance: "Balance", revenue: "Platform revenue (30 days)", executor: "Paid by", show: "Show", event: "Event", received: "Received", outcome: "Outcome", replayed: "Sent again", viewer: "A viewer cannot do this." },
  ko: { payments: "결제", webhooks: "웹훅", inbox: "PG 수신함", sign_out: "로그아웃", sign_in: "로그인", name: "운영자 이름 (비우면 운영자 토큰)",
    token: "토큰", search: "검색", q: "결제 ID, PG ID 또는 주문번호", status: "상태", vendor: "PG", from: "시작", to: "끝", any: "전체", more: "더 보기",
    none: "결과가 없습니다.", amount: "금액", created: "기록 시각", order: "주문번호", client: "클라이언트", timeline: "타임라인", replay: "재전송",
    replay_dead: "실패한 이벤트 재전송", pending: "대기", lag: "가장 오래된 대기 (초)", dead: "전송 실패", endpoints: "엔드포인트 (24시간)", attempts: "시도",
    failures: "실패", dead_events: "전송 실패 이벤트", health: "상태", per_hour: "시간별 결제 건수", amount_hour: "시간별 결제 금액 (원)",
    refund_rate: "시간별 환불 비율", pg_errors: "PG 오류율 (이 인스턴스)", pg_latency: "PG 응답 시간 p50 / p99, 초 (이 인스턴스)", rps: "초당 요청 (이 인스턴스)",
    registrations: "결제 등록", reads: "조회", cancel: "환불", reason: "사유", all: "전액", settlements: "정산", payouts: "지급", runs: "대사 결과", differences: "차이", checked: "확인 건수",
    period: "기간", kind: "종류", party: "파트너", balance: "잔액", revenue: "플랫폼 수익 (30일)", executor: "지급 주체", show: "보기", event: "이벤트", received: "수신 시각", outcome: "처리 결과", replayed: "재전송했습니다", viewer: "조회 권한으로는 할 수 없습니다." }
};
var lang = localStorage.getItem("console-lang") || ((navigator.language || "").indexOf("ko") === 0 ? "ko" : "en");
var me = null;
function t(k) { return (T[lang] || T.en)[k] || k; }
function el(tag, attrs, children) {
  var e = document.createElement(tag);
  for (var k in attrs || {}) { if (attrs[k] === undefined) continue; if (k === "text") e.textContent = attrs[k]; else if (k.indexOf("on") === 0) e.addEventListener(k.slice(2), attrs[k]); else e.setAttribute(k, attrs[k]); }
  (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
  return e;
}
function api(method, path, body) {
  return fetch("/console/api/" + path, { method: method, credentials: "same-origin", headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined })
    .then(function (r) { return r.json().then(function (b) { if (!r.ok) { var e = new Error(b.message || r.status); e.status = r.status; throw e; } return b; }); });
}
function main(children) { var m = document.getElementById("main"); m.replaceChildren.apply(m, children); }
function fail(e) { if (e.status === 401) return signIn(); document.getElementById("main").appendChild(el("p", { class: "error", role: "alert", text: e.status === 403 ? t("viewer") + " (" + e.message + ")" : e.message })); }
function translate() {
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-i18n]").forEach(function (n) { n.textContent = t(n.getAttribute("data-i18n")); });
}
function table(head, rows) {
  return el("div", { class: "card" }, [el("table", {}, [el("tr", {}, head.map(function (h) { return el("th", { text: h }); }))].concat(rows))]);
}
function signIn() {
  me = null; document.getElementById("nav").hidden = true;
  var name = el("input", { id: "name", autocomplete: "username" }), token = el("input", { id: "token", type: "password", autocomplete: "current-password" });
  main([el("h1", { text: t("sign_in") }), el("form", { class: "card row", id: "sign-in", onsubmit: function (ev) {
    ev.preventDefault();
    var body = { token: token.value }; if (name.value) body.name = name.value;
    api("POST", "session", body).then(function (s) { me = s; start(); }, fail);
  } }, [el("label", {}, [t("name"), name]), el("label", {}, [t("token"), token]), el("button", { type: "submit", text: t("sign_in") })])]);
}
function start() {
  document.getElementById("nav").hidden = false;
  document.getElementById("who").textContent = me.operator + " (" + me.role + ")";
  route();
}
function payments() {
  var p = new URLSearchParams(location.hash.split("?")[1] || "");
  var q = el("input", { id: "q", name: "q", value: p.get("q") || "", placeholder: t("q") });
  var status = el("select", { id: "status" }, ["", "paid", "cancelled", "partial_cancelled", "waiting_deposit", "pending", "failed", "expired"].map(function (s) { return el("option", { value: s, text: s || t("any") }); }));
  status.value = p.get("status") || "";
  var vendor = el("select", { id: "vendor" }, ["", "toss.payments", "iamport", "portone"].map(function (s) { return el("option", { value: s, text: s || t("any") }); }));
  vendor.value = p.get("vendor") || "";
  var results = el("div", { id: "results" });
  function search(cursor) {
    var query = new URLSearchParams();
    if (q.value) query.set("q", q.value); if (status.value) query.set("status", status.value); if (vendor.value) query.set("vendor", vendor.value);
    if (cursor) query.set("cursor", cursor);
    api("GET", "payments?" + query.toString()).then(function (page) {
      if (!cursor) results.replaceChildren();
      if (page.data.length === 0 && !cursor) return results.appendChild(el("p", { class: "muted", text: t("none") }));
      results.appendChild(table([t("created"), t("order"), t("vendor"), t("amount"), t("status"), t("client")], page.data.map(function (h) {
        return el("tr", { "data-id": h.id }, [el("td", { text: h.created_at.replace("T", " ").slice(0, 19) }), el("td", {}, [el("a", { href: "#/payments/" + h.id, text: h.source.id })]),
          el("td", { text: h.vendor.code }), el("td", { text: h.price.toLocaleString() + " " + h.currency }), el("td", { text: h.status }), el("td", { text: h.client_id })]);
      })));
      if (page.cursor) results.appendChild(el("button", { class: "secondary", text: t("more"), onclick: function (ev) { ev.target.remove(); search(page.cursor); } }));
    }, fail);
  }
  main([el("h1", { text: t("payments") }), el("form", { class: "card row", id: "search", onsubmit: function (ev) { ev.preventDefault(); search(null); } },
    [el("label", {}, [t("q"), q]), el("label", {}, [t("status"), status]), el("label", {}, [t("vendor"), vendor]), el("button", { type: "submit", text: t("search") })]), results]);
  search(null);
}
function payment(id) {
  api("GET", "payments/" + id).then(function (s) {
    var h = s.payment;
    main([el("h1", { text: h.source.id }), el("div", { class: "card" }, [el("p", {}, [el("code", { text: h.id }), " · " + h.vendor.code + " " + h.vendor.uid + " · " + h.status + " · " + h.price.toLocaleString() + " " + h.currency + " · " + h.client_id])]),
      el("h2", { text: t("timeline") }), el("div", { class: "card" }, [el("ol", { class: "timeline", id: "timeline" }, s.timeline.map(function (e) {
        var li = el("li", { class: e.tone, "data-kind": e.kind }, [el("div", { class: "at", text: e.at.replace("T", " ").slice(0, 23) }), el("strong", { text: e.title }), " ", el("span", { text: e.detail })]);
        if (e.kind === "event") li.appendChild(el("button", { class: "secondary", "data-action": "replay", text: t("replay"), disabled: me.role === "operator" ? undefined : "disabled",
          onclick: function () { api("POST", "webhooks/" + e.event_id + "/replay").then(function () { li.appendChild(el("span", { class: "ok", text: " " + t("replayed") })); }, fail); } }));
        return li;
      }))])]);
    if (me.role === "operator" && (h.status === "paid" || h.status === "partial_cancelled")) {
      var amount = el("input", { id: "cancel-amount", type: "number", min: "1", placeholder: t("all") }), reason = el("input", { id: "cancel-reason", required: "required" });
      document.getElementById("main").appendChild(el("form", { class: "card row", id: "cancel", onsubmit: function (ev) {
        ev.preventDefault();
        var body = { reason: reason.value }; if (amount.value) body.amount = Number(amount.value);
        api("POST", "payments/" + h.id + "/cancel", body).then(function () { payment(h.id); }, fail);
      } }, [el("label", {}, [t("amount"), amount]), el("label", {}, [t("reason"), reason]), el("button", { type: "submit", text: t("cancel") })]));
    }
    if (me.role !== "operator") document.querySelectorAll("button[data-action]").forEach(function (b) { b.disabled = true; b.title = t("viewer"); });
  }, fail);
}
function webhooks() {
  api("GET", "webhooks").then(function (w) {
    var acting = me.role === "operator";
    main([el("h1", { text: t("webhooks") }), el("div", { class: "card stats" }, [["pending", w.pending], ["lag", w.lag_seconds], ["dead", w.dead]].map(function (s) { return el("div", { class: "stat", id: "stat-" + s[0] }, [el("b", { text: String(s[1]) }), t(s[0])]); })),
      el("h2", { text: t("endpoints") }), table([t("client"), "URL", t("attempts"), t("failures"), t("dead"), ""], w.endpoints.map(function (e) {
        return el("tr", {}, [el("td", { text: e.client_id }), el("td", { text: e.webhook_url }), el("td", { text: String(e.attempts) }), el("td", { text: String(e.failures) }), el("td", { text: String(e.dead) }),
          el("td", {}, [e.dead > 0 ? el("button", { class: "secondary", "data-action": "replay-dead", text: t("replay_dead"), disabled: acting ? undefined : "disabled", onclick: function () { api("POST", "webhooks/replay-dead", { client_id: e.client_id, webhook_url: e.webhook_url }).then(webhooks, fail); } }) : null])]);
      })),
      el("h2", { text: t("dead_events") }), table([t("event"), t("client"), "URL", t("attempts"), t("created"), ""], w.dead_events.map(function (d) {
        return el("tr", { "data-event-id": d.id }, [el("td", {}, [d.history_id ? el("a", { href: "#/payments/" + d.history_id, text: d.type }) : d.type]), el("td", { text: d.client_id }), el("td", { text: d.webhook_url }),
          el("td", { text: String(d.attempts) }), el("td", { text: d.created_at.replace("T", " ").slice(0, 19) }),
          el("td", {}, [el("button", { class: "secondary", "data-action": "replay", text: t("replay"), disabled: acting ? undefined : "disabled", onclick: function () { api("POST", "webhooks/" + d.id + "/replay").then(webhooks, fail); } })])]);
      }))]);
  }, fail);
}
function inbox() {
  api("GET", "inbox").then(function (b) {
    main([el("h1", { text: t("inbox") }), el("div", { class: "card stats" }, Object.keys(b.counts).map(function (k) { return el("div", { class: "stat" }, [el("b", { text: String(b.counts[k]) }), k]); })),
      table([t("received"), t("vendor"), t("event"), t("status"), t("outcome")], b.data.map(function (r) {
        return el("tr", {}, [el("td", { text: r.received_at.replace("T", " ").slice(0, 19) }), el("td", { text: r.vendor }), el("td", { text: (r.event_type || "") + (r.vendor_uid ? " " + r.vendor_uid : "") }), el("td", { text: r.status }), el("td", { text: r.outcome || "" })]);
      }))]);
  }, fail);
}
function chart(title, xs, series, id, range) {
  var box = el("div", { class: "card chart", id: id }, [el("h2", { text: title })]);
  document.getElementById("main").appendChild(box);
  var colors = ["#3182f6", "#0e9f6e", "#e42939", "#f59f00", "#8b5cf6", "#6b7684"];
  var opts = { width: Math.max(240, box.clientWidth - 30), height: 220, series: [{}].concat(series.map(function (s, i) { return { label: s.label, stroke: colors[i % colors.length], width: 2, spanGaps: true }; })),
    axes: [{}, { size: 60 }], legend: { live: false }, scales: { x: { time: true, range: function () { return range; } } } };
  new uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), box);
}
function health() {
  api("GET", "health").then(function (h) {
    main([el("h1", { text: t("health") })]);
    var hours = Array.from(new Set(h.hours.map(function (r) { return r.hour; }))).sort();
    var vendors = Array.from(new Set(h.hours.map(function (r) { return r.vendor; }))).sort();
    var at = hours.map(function (x) { return Date.parse(x) / 1000; });
    var now = Date.now() / 1000, day = [now - 24 * 3600, now + 60];
    function per(field) { return vendors.map(function (v) { return { label: v, values: hours.map(function (x) { var r = h.hours.find(function (r) { return r.hour === x && r.vendor === v; }); return r ? r[field] : 0; }) }; }); }
    chart(t("per_hour"), at, per("payments"), "chart-payments", day);
    chart(t("amount_hour"), at, per("amount"), "chart-amount", day);
    chart(t("refund_rate"), at, [{ label: "refunded / paid", values: hours.map(function (x) { var rs = h.hours.filter(function (r) { return r.hour === x; }); var a = rs.reduce(function (s, r) { return s + r.amount; }, 0); return a > 0 ? rs.reduce(function (s, r) { return s + r.refunded; }, 0) / a : 0; }) }], "chart-refunds", day);
    var mins = h.minutes.map(function (m) { return Date.parse(m.at) / 1000; });
    var recent = [Math.min(mins.length ? mins[0] - 60 : now - 3600, now - 3600), now + 60];
    var pgs = Array.from(new Set([].concat.apply([], h.minutes.map(function (m) { return Object.keys(m.pg); })))).sort();
    chart(t("pg_errors"), mins, pgs.map(function (v) { return { label: v, values: h.minutes.map(function (m) { return m.pg[v] ? m.pg[v].error_rate : null; }) }; }), "chart-pg-errors", recent);
    chart(t("pg_latency"), mins, [].concat.apply([], pgs.map(function (v) { return [{ label: v + " p50", values: h.minutes.map(function (m) { return m.pg[v] ? m.pg[v].p50 : null; }) }, { label: v + " p99", values: h.minutes.map(function (m) { return m.pg[v] ? m.pg[v].p99 : null; }) }]; })), "chart-pg-latency", recent);
    chart(t("rps"), mins, [{ label: t("registrations"), values: h.minutes.map(function (m) { return m.registrations_per_second; }) }, { label: t("reads"), values: h.minutes.map(function (m) { return m.reads_per_second; }) }], "chart-rps", recent);
  }, fail);
}
function settlements() {
  var p = new URLSearchParams(location.hash.split("?")[1] || "");
  var client = el("input", { id: "client", value: p.get("client") || "" }), party = el("input", { id: "party", value: p.get("party") || "" });
  var query = new URLSearchParams(); if (client.value) query.set("client", client.value); if (client.value && party.value) query.set("party", party.value);
  api("GET", "settlements?" + query.toString()).then(function (s) {
    var view = [el("h1", { text: t("settlements") }), el("form", { class: "card row", id: "settlement-filter", onsubmit: function (ev) {
      ev.preventDefault(); var q = new URLSearchParams(); if (client.value) q.set("client", client.value); if (party.value) q.set("party", party.value); location.hash = "#/settlements?" + q.toString();
    } }, [el("label", {}, [t("client"), client]), el("label", {}, [t("party"), party]), el("button", { type: "submit", text: t("show") })])];
    if (s.balance) view.push(el("div", { class: "card stats", id: "balance" }, ["pending", "available", "negative_carried", "scheduled", "paid_out"].map(function (k) { return el("div", { class: "stat" }, [el("b", { text: s.balance[k].toLocaleString() }), k]); })));
    if (s.revenue) view.push(el("div", { class: "card stats", id: "revenue" }, [el("div", { class: "stat" }, [el("b", { text: s.revenue.net.toLocaleString() }), t("revenue")])]));
    view.push(el("h2", { text: t("runs") }), table([t("created"), t("kind"), t("period"), t("checked"), t("differences")], s.runs.map(function (r) {
      return el("tr", { "data-run": r.id }, [el("td", { text: r.ran_at.replace("T", " ").slice(0, 19) }), el("td", { text: r.kind + (r.client_id ? " (" + r.client_id + ")" : "") }), el("td", { text: r.from.slice(0, 10) + " – " + r.to.slice(0, 10) }),
        el("td", { text: String(r.checked) }), el("td", { class: r.differences > 0 ? "failed" : "ok", text: String(r.differences) })]);
    })));
    view.push(el("h2", { text: t("payouts") }), table([t("created"), t("client"), t("party"), t("amount"), t("status"), t("executor")], s.payouts.map(function (x) {
      return el("tr", { "data-payout": x.id }, [el("td", { text: x.created_at.replace("T", " ").slice(0, 19) }), el("td", { text: x.client_id }), el("td", { text: x.party_id }), el("td", { text: x.amount.toLocaleString() }),
        el("td", { text: x.status }), el("td", { text: x.executor + (x.pg_status ? " (" + x.pg_status + ")" : "") })]);
    })));
    main(view);
  }, fail);
}
function route() {
  translate();
  if (me === null) return;
  var h = location.hash.split("?")[0];
  var m = /^#\/payments\/([0-9a-f-]{36})$/.exec(h);
  if (m) return payment(m[1]);
  if (h === "#/webhooks") return webhooks();
  if (h === "#/inbox") return inbox();
  if (h === "#/health") return health();
  if (h === "#/settlements") return settlements();
  return payments();
}
document.getElementById("lang").value = lang;
document.getElementById("lang").addEventListener("change", function (e) { lang = e.target.value; localStorage.setItem("console-lang", lang); if (me) route(); else { translate(); signIn(); } });
document.getElementById("sign-out").addEventListener("click", function () { api("DELETE", "session").then(signIn, signIn); });
window.addEventListener("hashchange", route);
translate();
api("GET", "session").then(function (s) { me = s; start(); }, function () { signIn(); });
`;
}
