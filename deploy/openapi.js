// `npm run build:sdk` ends here: completes the OpenAPI document nestia generated
// (packages/api/swagger.json) with what it cannot say from the controllers — who may call
// each route, the typed error body, the headers, a summary per operation — so that common
// validators accept it. `--lint` checks it with Redocly's recommended rules (CI): any error
// fails.
const fs = require("node:fs");
const path = require("node:path");

const file = path.resolve(__dirname, "..", "packages", "api", "swagger.json");

const finish = () => {
  const doc = JSON.parse(fs.readFileSync(file, "utf8"));
  doc.info.license = { name: "MIT", identifier: "MIT" };
  doc.components = doc.components ?? {};
  doc.components.securitySchemes = {
    payments_client: {
      type: "apiKey",
      in: "header",
      name: "x-payments-client",
      description:
        "The calling service's id. Its transport key pair (32-byte key, 16-byte iv) encrypts every body both ways: " +
        "the request body is the JSON of the documented schema, encrypted with AES-256-CBC (PKCS#7 padding) and " +
        "sent base64 as text/plain; the answer is encrypted the same way. Errors are plain JSON {code, message}. " +
        "Without the header, the server's default client (if configured) is used.",
    },
    operator: { type: "http", scheme: "bearer", description: "OPERATOR_TOKEN: monitors and metrics." },
  };
  doc.components.schemas = doc.components.schemas ?? {};
  doc.components.schemas.IPaymentError = {
    type: "object",
    description: "Every refusal: a stable machine code and a message for people (README, Errors).",
    properties: {
      code: { type: "string", description: "e.g. INVALID_BODY, NOT_FOUND, AMOUNT_MISMATCH, PG_UNAVAILABLE" },
      message: { type: "string" },
      pg: {
        type: "object",
        description:
          "On every error a PG caused: the PG's own code and message as it sent them (Toss REJECT_CARD_COMPANY, Iamport 3011, PortOne LIMIT_EXCEEDED); " +
          "for a PG that did not answer, ours: TIMEOUT, NETWORK, or CIRCUIT_OPEN (held back, never sent).",
        properties: { code: { type: "string" }, message: { type: "string" } },
        required: ["code", "message"],
      },
      history: {
        type: "object",
        description: "On 202 PAYMENT_PENDING: the pending record the repeat found (IPaymentHistory.IPending). On 409 STALE_BALANCE: the record as the PG now holds it (IPaymentHistory).",
      },
    },
    required: ["code", "message"],
  };
  const error = { description: "A typed error `{code, message}` (plain JSON).", content: { "application/json": { schema: { $ref: "#/components/schemas/IPaymentError" } } } };
  const tags = {
    histories: "Payments: prepare, register (verified with the PG), read, cancel.",
    reservations: "Billing keys: register, read, charge.",
    webhooks: "The events sent to your webhook_url, their attempts, replays.",
    settlements: "Marketplace settlements: balances, entries, revenue, payouts, reconciliation with the PG.",
    monitors: "Health, readiness, performance and build of an instance.",
  };
  doc.tags = Object.entries(tags).map(([name, description]) => ({ name, description }));
  for (const [route, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== "object" || op === null || op.responses === undefined) continue;
      const open = route === "/monitors/health" || route === "/monitors/ready";
      op.security = open ? [] : route.startsWith("/monitors/") ? [{ operator: [] }] : [{ payments_client: [] }];
      if (!op.summary) op.summary = (op.description ?? `${method.toUpperCase()} ${route}`).split(/\.\s|\n\n/)[0].replace(/\n/g, " ").slice(0, 120);
      op.responses["4XX"] = op.responses["4XX"] ?? error;
      if (!open && !route.startsWith("/monitors/")) {
        op.responses["502"] = op.responses["502"] ?? { ...error, description: "PG_UNAVAILABLE / PG_MISCONFIGURED: the PG did not answer (`pg` says why), or refused our credentials." };
        op.responses["503"] = op.responses["503"] ?? { ...error, description: "DATABASE_UNAVAILABLE: the database does not answer; nothing changed. Retry after the Retry-After header's seconds." };
      }
      // A repeat of a registration or charge whose PG has not told its outcome yet.
      if (method === "post" && (route === "/payments/histories" || route === "/payments/reservations/charge"))
        op.responses["202"] = { ...error, description: "PAYMENT_PENDING: a repeat (same Idempotency-Key) of a call whose PG has not told the outcome yet; `history` is the pending record. Ask again after Retry-After." };
      if (!open && (method === "post" || method === "put") && route.startsWith("/payments/")) {
        op.parameters = op.parameters ?? [];
        if (!op.parameters.some((p) => p.in === "header" && p.name === "Idempotency-Key"))
          op.parameters.push({
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description: "A repeat with the same key gets the first answer; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED.",
            schema: { type: "string", maxLength: 255 },
          });
      }
    }
  // A union whose members differ only inside `vendor` (its `code`) is an `anyOf`: they never
  // overlap, but a linter that does not follow $ref cannot see it, and for a request body
  // "any member matches" is the same contract (the server validates the exact one).
  const unions = (node) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node.oneOf) && node.oneOf.length > 1 && node.oneOf.every((m) => typeof m.$ref === "string" && /\/IPaymentReservation\.I\w+Store$/.test(m.$ref))) {
      node.anyOf = node.oneOf;
      delete node.oneOf;
    }
    for (const value of Object.values(node)) unions(value);
  };
  unions(doc.paths);
  // What the server POSTs to a webhook_url (OpenAPI 3.1 `webhooks`).
  const history = { oneOf: ["ITossHistory", "IIamportHistory", "IPortOneHistory"].map((n) => ({ $ref: `#/components/schemas/IPaymentHistory.${n}` })) };
  const signed = [
    { name: "webhook-id", in: "header", required: true, description: "The event id (deduplicate by it).", schema: { type: "string" } },
    { name: "webhook-timestamp", in: "header", required: true, description: "Unix seconds of this attempt.", schema: { type: "string" } },
    { name: "webhook-signature", in: "header", required: true, description: "Standard Webhooks `v1,<base64 HMAC-SHA256>` per secret of the client.", schema: { type: "string" } },
  ];
  const body = (description, schema) => ({
    description,
    content: {
      "text/plain": { schema: { type: "string", description: "The event's JSON encrypted with the client's transport key (AES-256-CBC, PKCS#7, base64): the default." } },
      "application/json": { schema },
    },
  });
  const received = { "2XX": { description: "Received: not sent again." }, "410": { description: "Gone: nothing more is sent to this URL." } };
  const envelope = { id: { type: "string", format: "uuid" }, type: { type: "string" }, created_at: { type: "string", format: "date-time" } };
  // An event of one record's changes: `{id, type, created_at, previous, current}` of a schema.
  const changeEvent = (operationId, summary, description, schema) => ({
    post: {
      operationId,
      summary,
      description,
      security: [],
      parameters: signed,
      requestBody: body("The event", {
        type: "object",
        properties: {
          ...envelope,
          previous: { oneOf: [{ $ref: `#/components/schemas/${schema}` }, { type: "null" }] },
          current: { $ref: `#/components/schemas/${schema}` },
        },
        required: ["id", "type", "created_at", "previous", "current"],
      }),
      responses: received,
    },
  });
  doc.webhooks = {
    paymentEvent: {
      post: {
        operationId: "Webhooks.paymentEvent",
        summary: "A payment reached a state (payment.paid, payment.cancelled, …)",
        description: "Sent to a history's webhook_url once per state reached, in order per payment, retried until a 2xx. Verify with WebhookReceiver.accept (SDK) or any Standard Webhooks library (clients with webhook_body: plain).",
        security: [],
        parameters: signed,
        requestBody: body("The event", {
          type: "object",
          properties: {
            ...envelope,
            source: { $ref: "#/components/schemas/IPaymentSource" },
            previous: { oneOf: [...history.oneOf, { type: "null" }] },
            current: history,
          },
          required: ["id", "type", "created_at", "source", "previous", "current"],
        }),
        responses: received,
      },
    },
    payoutEvent: changeEvent("Webhooks.payoutEvent", "A payout reached a status (payout.scheduled, payout.paid_out, payout.failed)", "Sent to a payout's webhook_url, in order per payout, signed and encrypted like payment events.", "IPaymentSettlement.IPayout"),
    orphanEvent: changeEvent(
      "Webhooks.orphanEvent",
      "A paid payment nobody registered (payment.orphaned), or its refund (payment.orphan_cancelled)",
      "Sent to the owning client's events_url (PAYMENTS_CLIENTS), in order per orphan, signed and encrypted like payment events.",
      "IPaymentOrphan",
    ),
    reservationEvent: changeEvent(
      "Webhooks.reservationEvent",
      "A reservation's billing key was deleted at its PG (reservation.revoked)",
      "Sent to the client's events_url once, signed and encrypted like payment events; the reservation without its PG object.",
      "IPaymentReservation.ISummary",
    ),
    scheduleEvent: {
      post: {
        operationId: "Webhooks.scheduleEvent",
        summary: "A billing schedule charged, declined, past due, exhausted or cancelled (subscription.*)",
        description: "Sent to a schedule's webhook_url, in its billing key's stream, signed and encrypted like payment events; `charge` names the try it is about.",
        security: [],
        parameters: signed,
        requestBody: body("The event", {
          type: "object",
          properties: {
            ...envelope,
            previous: { oneOf: [{ $ref: "#/components/schemas/IPaymentSchedule" }, { type: "null" }] },
            current: { $ref: "#/components/schemas/IPaymentSchedule" },
            charge: {
              oneOf: [
                {
                  type: "object",
                  properties: {
                    cycle: { type: "integer", minimum: 0 },
                    source: { $ref: "#/components/schemas/IPaymentSource" },
                    history_id: { oneOf: [{ type: "string", format: "uuid" }, { type: "null" }] },
                    amount: { type: "integer" },
                    failure: { oneOf: [{ $ref: "#/components/schemas/IPaymentSchedule.IFailure" }, { type: "null" }] },
                  },
                  required: ["cycle", "source", "history_id", "amount", "failure"],
                },
                { type: "null" },
              ],
            },
          },
          required: ["id", "type", "created_at", "previous", "current", "charge"],
        }),
        responses: received,
      },
    },
  };
  // A reservation as its event carries it (no route answers it, so nestia does not emit it).
  doc.components.schemas["IPaymentReservation.ISummary"] = {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      vendor: { $ref: "#/components/schemas/IPaymentVendorIPaymentVendor.Code" },
      source: { $ref: "#/components/schemas/IPaymentSource" },
      title: { type: "string" },
      created_at: { type: "string", format: "date-time" },
      revoked_at: { oneOf: [{ type: "string", format: "date-time" }, { type: "null" }] },
      revoked_reason: { oneOf: [{ type: "string" }, { type: "null" }] },
    },
    required: ["id", "vendor", "source", "title", "created_at", "revoked_at", "revoked_reason"],
  };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
};

const lint = async () => {
  const { lint: run, createConfig } = require("@redocly/openapi-core");
  const problems = await run({ ref: file, config: await createConfig({ extends: ["recommended"] }) });
  const errors = problems.filter((p) => p.severity === "error");
  for (const p of problems) console.log(`${p.severity} ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? ""})`);
  console.log(`OpenAPI document: ${errors.length} errors, ${problems.length - errors.length} warnings (Redocly recommended rules)`);
  if (errors.length) process.exit(1);
};

if (process.argv.includes("--lint")) void lint();
else finish();
