export type * from "./IConnection";
export type * from "./Primitive";
export type * from "./Resolved";
export * from "./HttpError";

export * as functional from "./functional";
export * from "./WebhookReceiver";
export { ConnectionError } from "./EncryptedFetcher";

// The DTOs, importable from the package root: `import type { IPaymentHistory } from "@payments-server/api"`.
export type * from "./structures/IPaymentCancel";
export type * from "./structures/IPaymentError";
export type * from "./structures/IPaymentHistory";
export type * from "./structures/IPaymentMoney";
export type * from "./structures/IPaymentPreparedOrder";
export type * from "./structures/IPaymentReservation";
export type * from "./structures/IPaymentSchedule";
export type * from "./structures/IPaymentSettlement";
export type * from "./structures/IPaymentSource";
export type * from "./structures/IPaymentVendor";
export type * from "./structures/IPaymentWebhook";
