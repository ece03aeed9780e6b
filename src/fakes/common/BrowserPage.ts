import { applyDecorators, Header } from "@nestjs/common";

/**
 * What the fakes' browser pages share: HTML escaping, one page frame, and the client side of a
 * payment window opened as a full-page layer (an iframe over the merchant's page) that reports
 * its outcome to the page that opened it with `postMessage`.
 *
 * The pages are plain server-rendered HTML with a few lines of inline script: no bundler, no
 * framework, nothing fetched from outside the machine.
 */
export namespace BrowserPage {
  /** Escape text for HTML element content and quoted attribute values. */
  export const escape = (value: unknown): string =>
    String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

  /** JSON for an inline `<script>`: `<` escaped, so no value can close the element. */
  export const json = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028|\u2029/g, " ");

  /** A query parameter holding JSON, parsed; undefined when absent or not JSON (then checked by the caller's type). */
  export const jsonParam = (raw: unknown): unknown => {
    if (typeof raw !== "string") return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  };

  /** A whole page. `body` must already be escaped. */
  export const html = (title: string, body: string, script: string = ""): string =>
    [
      "<!doctype html>",
      '<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escape(title)}</title>`,
      `<style>${STYLE}</style>`,
      "</head><body>",
      body,
      script.length !== 0 ? `<script>${script}</script>` : "",
      "</body></html>",
    ].join("\n");

  /**
   * Browser code (a statement list) defining `openLayer(url, onMessage)`: shows `url` in an
   * iframe over the page and calls `onMessage(data)` once with what that frame posts from the
   * origin that `originExpression` (browser code) evaluates to, then removes the layer.
   * Messages from any other origin are ignored.
   */
  export const layerScript = (originExpression: string): string => `
var LAYER_ORIGIN = ${originExpression};
function openLayer(url, onMessage) {
  var shade = document.createElement("div");
  shade.setAttribute("data-fake-pg-layer", "");
  shade.style.cssText = "position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:2147483646;display:flex;align-items:center;justify-content:center";
  var frame = document.createElement("iframe");
  frame.src = url;
  frame.title = "payment window";
  frame.style.cssText = "width:min(480px,100vw);height:min(640px,100vh);border:0;border-radius:12px;background:#fff";
  shade.appendChild(frame);
  document.body.appendChild(shade);
  function listen(event) {
    if (event.origin !== LAYER_ORIGIN || event.source !== frame.contentWindow) return;
    window.removeEventListener("message", listen);
    shade.remove();
    onMessage(event.data);
  }
  window.addEventListener("message", listen);
}`;

  /**
   * Browser code for a window page: `finish(message, targetOrigin)` hands the outcome to the page
   * that opened the layer, or, when the window was opened as a page of its own, follows the
   * message's `redirect` itself.
   */
  export const finishScript = `
function finish(message, targetOrigin) {
  if (window.parent !== window) window.parent.postMessage(message, targetOrigin);
  else if (message.redirect) location.href = message.redirect;
}
function post(path, body) {
  return fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.message || r.status); return b; }); });
}`;

  /**
   * Browser code of a payment window: `setup` defines `request(action)` (the body posted to
   * `window/result` for approve, decline or cancel); the answer becomes the message
   * `message` (an expression of `answer`) handed to the opener at `target` (an expression).
   * Buttons: #approve, #close, and #decline when present; #status shows progress and errors.
   */
  export const windowScript = (setup: string, message: string, target: string): string => `${finishScript}
${setup}
function act(action) {
  document.getElementById("status").textContent = "처리 중…";
  post("window/result", request(action)).then(function (answer) { finish(${message}, ${target}); },
    function (e) { document.getElementById("status").textContent = String(e.message || e); });
}
document.getElementById("approve").onclick = function () { act("approve"); };
document.getElementById("close").onclick = function () { act("cancel"); };
var decline = document.getElementById("decline");
if (decline) decline.onclick = function () { act("decline"); };`;

  /** A route answering a page or script (`text/html`, `application/javascript`), never cached. */
  export const Served = (type: "text/html" | "application/javascript") =>
    applyDecorators(Header("content-type", `${type}; charset=utf-8`), Header("cache-control", "no-store"));

  /**
   * Browser code for a console: a click on `button[data-action]` posts `{[section]: the section's
   * data-<section>, [row]: the row's data-<row>}` to `console/<action>`, then reloads the page.
   */
  export const consoleScript = (section: { attribute: string; field: string }, row: { attribute: string; field: string }): string => `${finishScript}
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-action]");
  if (!button) return;
  var body = {};
  body[${json(section.field)}] = button.closest("section").getAttribute(${json(section.attribute)});
  body[${json(row.field)}] = button.closest("tr").getAttribute(${json(row.attribute)});
  post("console/" + button.getAttribute("data-action"), body).then(function () { location.reload(); }, function (e) { alert(e.message); });
});`;

  const STYLE = [
    "body{font-family:system-ui,-apple-system,'Noto Sans KR',sans-serif;margin:0;padding:24px;color:#191f28;background:#f9fafb}",
    "main{max-width:960px;margin:0 auto}",
    "h1{font-size:22px;margin:0 0 16px}h2{font-size:17px;margin:24px 0 8px}",
    ".card{background:#fff;border:1px solid #e5e8eb;border-radius:12px;padding:16px;margin:0 0 16px}",
    "table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e5e8eb;padding:6px 8px;text-align:left;vertical-align:top}",
    "button{font:inherit;padding:8px 14px;border-radius:8px;border:1px solid #3182f6;background:#3182f6;color:#fff;cursor:pointer;margin:4px 4px 4px 0}",
    "button.secondary{background:#fff;color:#3182f6}button.danger{background:#fff;color:#e42939;border-color:#e42939}",
    "input,select{font:inherit;padding:7px;border:1px solid #d1d6db;border-radius:8px;margin:4px 8px 4px 0}",
    "label{display:block;margin:6px 0}.muted{color:#6b7684;font-size:13px}.amount{font-size:26px;font-weight:700}",
    // A phone (390 px) scrolls a wide table inside its card, never the page sideways.
    ".card{overflow-x:auto}td,code{overflow-wrap:anywhere}button{white-space:nowrap}input,select{max-width:100%;box-sizing:border-box}",
    ".error{color:#e42939}.ok{color:#0e9f6e}",
    "@media (max-width:600px){body{padding:12px}.card{padding:12px}table{font-size:12px}}",
    ".badge{display:inline-block;padding:2px 8px;border-radius:10px;background:#e8f3ff;color:#1b64da;font-size:12px}",
    "code{background:#f2f4f6;padding:1px 4px;border-radius:4px}",
  ].join("\n");
}
