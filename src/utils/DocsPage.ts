import type { FastifyInstance } from "fastify";
import fs from "node:fs";
import path from "node:path";

/**
 * `/docs`: the OpenAPI document in Swagger UI, served from the `swagger-ui-dist` package (no
 * CDN: it works offline), and the document itself at `/docs/openapi.json`. Plain routes of
 * the HTTP server, outside the SDK.
 */
export namespace DocsPage {
  /** The document `npm run build` copies beside the compiled code. */
  export const DOCUMENT = path.resolve(__dirname, "..", "..", "openapi.json");

  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>payments-server API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css" />
</head>
<body>
  <p style="font-family: sans-serif; margin: 1em 2em; padding: .8em 1em; background: #fff7e0; border: 1px solid #e0c070; border-radius: 4px">
    The bodies of the <code>/payments</code> routes travel encrypted (AES-256-CBC with your client's transport
    key, base64, <code>text/plain</code>), so "Try it out" below cannot send them: call them with the SDK
    (<code>@payments-server/api</code>, which encrypts), or as the README shows with openssl. The monitors and
    the operator routes are plain JSON with <code>Authorization: Bearer &lt;OPERATOR_TOKEN&gt;</code>.
  </p>
  <div id="ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>SwaggerUIBundle({ url: "/docs/openapi.json", dom_id: "#ui", deepLinking: true });</script>
</body>
</html>
`;

  export const register = (fastify: FastifyInstance): void => {
    const dist = path.dirname(require.resolve("swagger-ui-dist/package.json"));
    for (const [file, type] of [
      ["swagger-ui.css", "text/css; charset=utf-8"],
      ["swagger-ui-bundle.js", "application/javascript; charset=utf-8"],
    ] as const)
      fastify.get(`/docs/${file}`, (_request, reply) => reply.type(type).header("cache-control", "public, max-age=3600").send(fs.createReadStream(path.join(dist, file))));
    fastify.get("/docs/openapi.json", (_request, reply) => {
      if (!fs.existsSync(DOCUMENT)) return reply.code(404).send({ code: "ROUTE_NOT_FOUND", message: "The OpenAPI document was not built with this server (npm run build)." });
      return reply.type("application/json; charset=utf-8").send(fs.createReadStream(DOCUMENT));
    });
    fastify.get("/docs", (_request, reply) => reply.type("text/html; charset=utf-8").send(html));
    // Where people type: the root and the trailing slash lead to the page.
    fastify.get("/docs/", (_request, reply) => reply.redirect("/docs", 302));
    fastify.get("/", (_request, reply) => reply.redirect("/docs", 302));
  };
}
