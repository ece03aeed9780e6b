import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { Inject } from "@nestjs/common";
import { tags } from "typia";

import type { IPaymentSeller } from "../api/structures/IPaymentSeller";
import { PaymentContext } from "../providers/PaymentContext";
import { PaymentSellerProvider } from "../providers/payouts/PaymentSellerProvider";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { WebhookUrlPolicy } from "../providers/webhooks/WebhookUrlPolicy";
import { ClientId } from "./ClientId";

/**
 * Settlement parties registered as sellers at a PG that pays them for you (Toss Payments'
 * 지급대행): their payout batches are then executed by the PG.
 */
@EncryptedController("payments/settlements/sellers", ClientKeyring.closure)
export class PaymentSellersController {
  public constructor(
    private readonly sellers: PaymentSellerProvider,
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
  ) {}

  /**
   * Register a party as a seller at a PG (`UNSUPPORTED_BY_PG` where the PG pays no sellers).
   * The PG reviews it: its status starts `approval_required` and changes are posted to
   * `webhook_url` (`seller.status_changed`). Its details are stored encrypted and read masked.
   *
   * @tag settlements
   */
  @EncryptedRoute.Post()
  public async create(@ClientId() client: string, @EncryptedBody() input: IPaymentSeller.ICreate): Promise<IPaymentSeller> {
    await WebhookUrlPolicy.assert(this.ctx, input.webhook_url);
    return this.sellers.create(client, input);
  }

  /**
   * Change a seller's details at its PG (a new bank account after a failed payout).
   *
   * @tag settlements
   */
  @EncryptedRoute.Put(":id")
  public async update(@ClientId() client: string, @TypedParam("id") id: string & tags.Format<"uuid">, @EncryptedBody() input: IPaymentSeller.IUpdate): Promise<IPaymentSeller> {
    await WebhookUrlPolicy.assert(this.ctx, input.webhook_url);
    return this.sellers.update(client, id, input);
  }

  /**
   * A seller, as its PG last said (masked).
   *
   * @tag settlements
   */
  @EncryptedRoute.Get(":id")
  public get(@ClientId() client: string, @TypedParam("id") id: string & tags.Format<"uuid">): Promise<IPaymentSeller> {
    return this.sellers.get(client, id);
  }

  /**
   * Your sellers, paged, oldest first.
   *
   * @tag settlements
   */
  @EncryptedRoute.Patch()
  public list(@ClientId() client: string, @EncryptedBody() input: IPaymentSeller.IRequest): Promise<IPaymentSeller.IPage> {
    return this.sellers.list(client, input);
  }
}
