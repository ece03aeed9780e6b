import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { Inject } from "@nestjs/common";
import { tags } from "typia";

import type { IPaymentCancel } from "../api/structures/IPaymentCancel";
import type { IPaymentHistory } from "../api/structures/IPaymentHistory";
import type { IPaymentPreparedOrder } from "../api/structures/IPaymentPreparedOrder";
import { PaymentCancelProvider } from "../providers/cancels/PaymentCancelProvider";
import { PaymentHistoryReader } from "../providers/histories/PaymentHistoryReader";
import { PaymentRegistrationProvider } from "../providers/histories/PaymentRegistrationProvider";
import { IdempotencyProvider } from "../providers/idempotency/IdempotencyProvider";
import { PaymentPreparedOrderProvider } from "../providers/prepared/PaymentPreparedOrderProvider";
import { PaymentContext } from "../providers/PaymentContext";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { WebhookUrlPolicy } from "../providers/webhooks/WebhookUrlPolicy";
import { ClientId } from "./ClientId";
import { IdempotencyKey } from "./IdempotencyKey";

@EncryptedController("payments/histories", ClientKeyring.closure)
export class PaymentHistoriesController {
  public constructor(
    private readonly registrations: PaymentRegistrationProvider,
    private readonly reader: PaymentHistoryReader,
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    private readonly cancels: PaymentCancelProvider,
    private readonly prepared: PaymentPreparedOrderProvider,
    private readonly idempotency: IdempotencyProvider,
  ) {}

  /**
   * Register a payment the caller's user made at a PG.
   *
   * Toss: the payment is approved here (`POST /v1/payments/confirm` with `orderId = source.id`
   * and `amount = price`). Iamport and PortOne V2: it is fetched and its amount, order id
   * (`merchant_uid`, PortOne's `paymentId` = `source.id`) and status checked. A mismatch is
   * refused (422) and nothing is recorded as paid.
   * One source and one PG payment can be recorded once (409). When the source was
   * prepared (`POST /payments/histories/prepare`), vendor and price must match it (422
   * PREPARED_ORDER_MISMATCH). An Iamport or PortOne V2 payment of another amount than `price`
   * is cancelled in full at its PG (422 AMOUNT_MISMATCH says so). A virtual account is
   * recorded with `paid_at: null` until its deposit.
   *
   * Idempotent with an `Idempotency-Key` header (`connection.headers["Idempotency-Key"]`):
   * a repeat gets the first answer; the same key with another body gets 409. A repeat of a
   * call that got no answer (502 PG_UNAVAILABLE, 503, a dropped connection) gets the record
   * that call made: 201 once the PG's outcome is known, or `202 PAYMENT_PENDING` with the
   * pending record (`history`) and `Retry-After` while the PG still cannot tell. (The SDK
   * throws an `HttpError` with status 202 for it: its JSON body is `{code, message, history}`.)
   *
   * @param input The PG payment, the caller's source record, the expected price and a password.
   * @returns The recorded payment, `data` being the PG's own payment object.
   * @tag histories
   */
  @EncryptedRoute.Post()
  public create(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @EncryptedBody() input: IPaymentHistory.IStore,
  ): Promise<IPaymentHistory> {
    return this.idempotency.run(client, key, "POST /payments/histories", input, async (scope) => {
      await WebhookUrlPolicy.assert(this.ctx, input.webhook_url);
      return this.registrations.store(client, input, scope);
    });
  }

  /**
   * Declare an order before the buyer pays, and get what the front end needs to open the
   * PG's window (order id, amount, order name; Toss's client key, Iamport's merchant code,
   * PortOne's store id and channel key). A PortOne V2 order's amount is also pre-registered at
   * PortOne, whose window then refuses any other.
   *
   * Until it expires (PREPARED_ORDER_TTL_SECONDS), the registration of this source must
   * name the same vendor and price, or it is refused (422 PREPARED_ORDER_MISMATCH).
   * Preparing a source again before it is paid replaces the order. Idempotent with an
   * `Idempotency-Key` header.
   *
   * @tag histories
   */
  @EncryptedRoute.Post("prepare")
  public prepare(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @EncryptedBody() input: IPaymentPreparedOrder.ICreate,
  ): Promise<IPaymentPreparedOrder> {
    return this.idempotency.run(client, key, "POST /payments/histories/prepare", input, async () => {
      await WebhookUrlPolicy.assert(this.ctx, input.webhook_url);
      return this.prepared.prepare(client, input);
    });
  }

  /**
   * Cancel a payment, in full (no `price`) or partially (`price`), through its PG.
   *
   * Checked first: the remaining balance (422 CANCEL_EXCEEDS_BALANCE), the state (422
   * NOT_CANCELABLE for a cancelled payment or an undeposited virtual account) and, for a
   * deposited virtual account, `refund_account` (422 REFUND_ACCOUNT_REQUIRED). Concurrent
   * cancels of one payment run one after the other. The answer is the payment as the PG
   * now records it (`refund`, `cancels`). A PG that does not answer gives 502 PG_UNAVAILABLE:
   * the outcome is unknown, the payment is re-read from the PG, and a repeat with the same
   * `Idempotency-Key` gets the same answer (never a second refund): read the payment before
   * cancelling again. Idempotent with an `Idempotency-Key` header.
   *
   * @tag histories
   */
  @EncryptedRoute.Put("cancel")
  public cancel(
    @ClientId() client: string,
    @IdempotencyKey() key: string | null,
    @EncryptedBody() input: IPaymentCancel.ICreate,
  ): Promise<IPaymentHistory> {
    return this.idempotency.run(client, key, "PUT /payments/histories/cancel", input, (scope) => this.cancels.cancel(client, input, scope));
  }

  /**
   * Read one payment by its source record, with its password.
   *
   * Body `{source, password}`, or `payment-backend`'s flat `{schema, table, id, password}`.
   * An unknown source and a wrong password get the same 404. A registration whose PG answer
   * is still being reconciled reads as `status: "pending"` (`data: null`).
   *
   * @tag histories
   */
  @EncryptedRoute.Patch("get")
  public get(@ClientId() client: string, @EncryptedBody() input: IPaymentHistory.IGet): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    return this.reader.get(client, input);
  }

  /**
   * Read one payment by id, with its password.
   *
   * An unknown id and a wrong password get the same 404. A registration whose PG answer
   * is still being reconciled reads as `status: "pending"` (`data: null`).
   *
   * @param id Id of the payment history.
   * @tag histories
   */
  @EncryptedRoute.Patch(":id")
  public at(
    @ClientId() client: string,
    @TypedParam("id") id: string & tags.Format<"uuid">,
    @EncryptedBody() input: IPaymentHistory.IAccess,
  ): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    return this.reader.at(client, id, input.password);
  }
}
