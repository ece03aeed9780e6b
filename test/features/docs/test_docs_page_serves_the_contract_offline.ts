import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A developer opens /docs in the sandbox (or / or /docs/): Swagger UI from the server itself
 * (no CDN), over the same OpenAPI 3.1 document the SDK is generated with, its outgoing webhooks
 * included, and a word on why "Try it out" cannot send an encrypted body; a plain JSON body
 * sent anyway is told it must be encrypted.
 */
export async function test_docs_page_serves_the_contract_offline(ctx: TestContext): Promise<void> {
  const page = await fetch(`${ctx.host}/docs`);
  equal(page.status, 200, "/docs");
  const html = await page.text();
  assert(html.includes("/docs/swagger-ui-bundle.js") && !/https?:\/\/(?!127\.0\.0\.1)/.test(html.replace(/<!doctype[^>]*>/i, "")), "served locally, no CDN");
  for (const asset of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
    const res = await fetch(`${ctx.host}/docs/${asset}`);
    equal(res.status, 200, asset);
    assert((await res.text()).length > 10_000, `${asset} is the real asset`);
  }
  const document = (await (await fetch(`${ctx.host}/docs/openapi.json`)).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
    webhooks: Record<string, unknown>;
    components: { securitySchemes: Record<string, unknown> };
  };
  equal(document.openapi, "3.1.0", "OpenAPI 3.1");
  assert("/payments/histories" in document.paths && "/payments/settlements/payouts" in document.paths, "the routes");
  assert("payments_client" in document.components.securitySchemes, "the transport's security scheme");
  for (const typed of ["/", "/docs/"]) {
    const res = await fetch(`${ctx.host}${typed}`, { redirect: "manual" });
    equal([res.status, res.headers.get("location")], [302, "/docs"], `${typed} leads to the page`);
  }
  assert(html.includes("cannot send them") && html.includes("SDK"), "the page says why Try it out cannot send an encrypted body");
  const plain = await fetch(`${ctx.host}/payments/histories/get`, { method: "PATCH", headers: { "content-type": "text/plain" }, body: JSON.stringify({ source: { schema: "a", table: "b", id: "c" }, password: "12345678" }) });
  const refusal = (await plain.json()) as { code: string; message: string };
  equal([plain.status, refusal.code, refusal.message.includes("plain JSON")], [401, "ENCRYPTION_FAILED", true], "a plain JSON body is told it must be encrypted");
  equal(Object.keys(document.webhooks).sort(), ["orphanEvent", "paymentEvent", "payoutEvent", "reservationEvent", "scheduleEvent"], "the outgoing webhooks");
}
