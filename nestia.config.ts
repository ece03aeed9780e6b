import type { INestiaConfig } from "@nestia/sdk";

// `npm run build:sdk`: the SDK (src/api/functional, committed) and the OpenAPI document
// (packages/api/swagger.json) from the controllers and the DTO interfaces.
export const NESTIA_CONFIG: INestiaConfig = {
  input: ["src/controllers"],
  output: "src/api",
  swagger: {
    output: "packages/api/swagger.json",
    servers: [{ url: "http://localhost:37001", description: "Local sandbox (npm start)" }],
    beautify: true,
    info: { title: "payments-server", description: "Unified payments API for Toss Payments and Iamport (PortOne V1). Bodies are AES-256-CBC encrypted (see README)." },
  },
  primitive: false,
  simulate: false,
};
export default NESTIA_CONFIG;
