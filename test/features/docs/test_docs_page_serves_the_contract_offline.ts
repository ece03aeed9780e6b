import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A developer opens /docs in the sandbox: Swagger UI from the server itself (no CDN), over
 * the same OpenAPI 3.1 document the SDK is generated with, its outgoing webhooks included.
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
  equal(Object.keys(document.webhooks).sort(), ["paymentEvent", "payoutEvent"], "the outgoing webhooks");
}
