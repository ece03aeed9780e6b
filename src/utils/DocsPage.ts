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
  };
}
