import type { INestiaConfig } from "@nestia/sdk";

// `npm run build:sdk`: the SDK (src/api/functional, committed) and the OpenAPI document
// (packages/api/swagger.json) from the controllers and the DTO interfaces.
export const NESTIA_CONFIG: INestiaConfig = {
  input: ["src/controllers"],
  output: "src/api",
  swagger: {
    output: "packages/api/swagger.json",
    // 3.1: what common validators and docs tools read (3.2 is refused by most of them).
    openapi: "3.1",
    // Stable operation ids for generated clients: `<controller>.<method>`.
    operationId: (props) => `${props.class.replace(/Controller$/, "")}.${props.function}`,
    servers: [{ url: "http://127.0.0.1:37001", description: "Local sandbox (npm start)" }],
    beautify: true,
    info: { title: "payments-server", description: "Unified payments API for Toss Payments, Iamport (PortOne V1) and PortOne V2. Bodies are AES-256-CBC encrypted (see README)." },
  },
  primitive: false,
  simulate: false,
};
export default NESTIA_CONFIG;
