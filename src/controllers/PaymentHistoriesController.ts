import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { tags } from "typia";

import type { IPaymentHistory } from "../api/structures/IPaymentHistory";
import { PaymentHistoryProvider } from "../providers/histories/PaymentHistoryProvider";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { ClientId } from "./ClientId";

@EncryptedController("payments/histories", ClientKeyring.closure)
export class PaymentHistoriesController {
  public constructor(private readonly histories: PaymentHistoryProvider) {}

  /**
   * Register a payment the caller's user made at a PG.
   *
   * Toss: the payment is approved here (`POST /v1/payments/confirm` with `orderId = source.id`
   * and `amount = price`). Iamport: it is fetched and its amount, `merchant_uid = source.id`
   * and status checked. A mismatch is refused (422) and nothing is recorded as paid.
   * One source and one PG payment can be recorded once (409).
   *
   * @param input The PG payment, the caller's source record, the expected price and a password.
   * @returns The recorded payment, `data` being the PG's own payment object.
   * @tag histories
   */
  @EncryptedRoute.Post()
  public create(@ClientId() client: string, @EncryptedBody() input: IPaymentHistory.IStore): Promise<IPaymentHistory> {
    return this.histories.store(client, input);
  }

  /**
   * Read one payment by its source record, with its password.
   *
   * An unknown source and a wrong password get the same 404.
   *
   * @tag histories
   */
  @EncryptedRoute.Patch("get")
  public get(@ClientId() client: string, @EncryptedBody() input: IPaymentHistory.IGet): Promise<IPaymentHistory> {
    return this.histories.get(client, input.source, input.password);
  }

  /**
   * Read one payment by id, with its password.
   *
   * An unknown id and a wrong password get the same 404.
   *
   * @param id Id of the payment history.
   * @tag histories
   */
  @EncryptedRoute.Patch(":id")
  public at(
    @ClientId() client: string,
    @TypedParam("id") id: string & tags.Format<"uuid">,
    @EncryptedBody() input: IPaymentHistory.IAccess,
  ): Promise<IPaymentHistory> {
    return this.histories.at(client, id, input.password);
  }
}
