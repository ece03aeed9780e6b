import type { IConnection } from "@nestia/fetcher";
import http from "node:http";
import type { AddressInfo } from "node:net";

import api from "../../../../src/api";
import type { IIamportPayment } from "../../../../src/api/structures/iamport/IIamportPayment";
import type { IPaymentCashReceipt } from "../../../../src/api/structures/IPaymentCashReceipt";
import type { IPaymentHistory } from "../../../../src/api/structures/IPaymentHistory";
import type { IPaymentVendor } from "../../../../src/api/structures/IPaymentVendor";
import type { IPaymentWebhook } from "../../../../src/api/structures/IPaymentWebhook";
import { WebhookReceiver } from "../../../../src/api/WebhookReceiver";
import { CLIENT_HEADER } from "../../../../src/providers/security/ClientKeyring";
import { eventually, iamportInternal } from "../../../internal/lifecycle";
import { orderId, password, portoneInternal, tossInternal, tossOf } from "../../../internal/pgs";
import type { TestContext } from "../../../TestContext";

/** Payments in cash at each PG, and a calling service's receiver of their events. */
export namespace CashKit {
  export interface ICashPayment {
    code: IPaymentVendor.Code;
    source: { schema: string; table: string; id: string };
    secret: string;
    /** Registered; for a virtual account, waiting for its deposit until `deposit()`. */
    history: IPaymentHistory;
    /** Deposit the money (a virtual account); an Iamport transfer is paid already. */
    deposit(): Promise<IPaymentHistory>;
  }

  export const connectionOf = (ctx: TestContext, client: { id: string; key: string; iv: string }): IConnection => ({
    host: ctx.host,
    encryption: { key: client.key, iv: client.iv },
    headers: { [CLIENT_HEADER]: client.id },
  });

  /** A payment in cash of `amount` at `code`, registered through `connection`: a virtual account at Toss and PortOne, a transfer at Iamport. */
  export const register = async (ctx: TestContext, connection: IConnection, code: IPaymentVendor.Code, amount: number, webhook_url: string | null = null): Promise<ICashPayment> => {
    const id = orderId();
    const source = { schema: "shop", table: "orders", id };
    const secret = password();
    const create = async (uid: string, store_id: string) =>
      (await api.functional.payments.histories.create(connection, { vendor: { code, store_id, uid }, source, price: amount, password: secret, webhook_url })) as IPaymentHistory;
    const paid = () =>
      eventually(`${code}: the deposit recorded`, async () => {
        const read = await api.functional.payments.histories.get(connection, { source, password: secret });
        return read.status === "paid" ? (read as IPaymentHistory) : null;
      });
    if (code === "iamport") {
      const payment = await iamportInternal<IIamportPayment>(ctx, "payments/window", { merchant_uid: id, amount, pay_method: "trans", name: "Desk" });
      const history = await create(payment.imp_uid, ctx.iamport.storeId);
      return { code, source, secret, history, deposit: async () => history };
    }
    if (code === "toss.payments") {
      const va = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, { amount, orderId: id, orderName: "Desk", customerName: "Kim", bank: "88", validHours: 24 });
      const history = await create(va.paymentKey, ctx.toss.storeId);
      return { code, source, secret, history, deposit: async () => (await tossInternal(ctx, `virtual-accounts/${va.paymentKey}/deposit`, { amount }), paid()) };
    }
    await portoneInternal(ctx, `payments/${id}/window`, { orderName: "Desk", totalAmount: amount, payMethod: "VIRTUAL_ACCOUNT" });
    const history = await create(id, ctx.portone.storeId);
    return { code, source, secret, history, deposit: async () => (await portoneInternal(ctx, `payments/${id}/deposit`), paid()) };
  };

  /** Registered and paid. */
  export const paid = async (ctx: TestContext, connection: IConnection, code: IPaymentVendor.Code, amount: number, webhook_url: string | null = null) => {
    const payment = await register(ctx, connection, code, amount, webhook_url);
    return { ...payment, history: await payment.deposit() };
  };

  /** The receipt once `until` holds of it (the workers act after the payment's change). */
  export const receiptWhen = (connection: IConnection, payment: ICashPayment, what: string, until: (r: IPaymentCashReceipt) => boolean) =>
    eventually(`${payment.code}: ${what}`, async () => {
      try {
        const receipt = await api.functional.payments.histories.cash_receipts.get(connection, { source: payment.source, password: payment.secret });
        return until(receipt) ? receipt : null;
      } catch {
        return null;
      }
    });

  /** A calling service's webhook endpoint for `client`, keeping every event it accepts. */
  export const receiver = async (client: { key: string; iv: string; webhook_secrets: string[] }) => {
    const accepted: (IPaymentWebhook | IPaymentCashReceipt.IWebhook)[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          accepted.push(WebhookReceiver.accept<IPaymentWebhook | IPaymentCashReceipt.IWebhook>({ secrets: client.webhook_secrets, encryption: { key: client.key, iv: client.iv } }, req.headers as Record<string, string>, Buffer.concat(chunks)));
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
      /** The types of the events of one order, in arrival order. */
      typesOf: (sourceId: string) => accepted.filter((e) => e.source.id === sourceId).map((e) => e.type),
      eventsOf: (sourceId: string) => accepted.filter((e) => e.source.id === sourceId),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  };
}
