import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { tags } from "typia";

import type { IPaymentHistory } from "../api/structures/IPaymentHistory";
import type { IPaymentWebhook } from "../api/structures/IPaymentWebhook";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { WebhookDeliveryProvider } from "../providers/webhooks/WebhookDeliveryProvider";
import { ClientId } from "./ClientId";

@EncryptedController("payments/histories/:id/webhooks", ClientKeyring.closure)
export class PaymentHistoryWebhooksController {
  public constructor(private readonly deliveries: WebhookDeliveryProvider) {}

  /**
   * List the webhook events of a payment and every delivery attempt, with its password.
   *
   * An unknown id and a wrong password get the same 404.
   *
   * @param id Id of the payment history.
   * @returns Events oldest first, each with its attempts (answer code, duration, error).
   * @tag webhooks
   */
  @EncryptedRoute.Patch()
  public index(
    @ClientId() client: string,
    @TypedParam("id") id: string & tags.Format<"uuid">,
    @EncryptedBody() input: IPaymentHistory.IAccess,
  ): Promise<IPaymentWebhook.IEvent[]> {
    return this.deliveries.list(client, id, input.password);
  }

  /**
   * Send one event (`event_id`) or every event of a payment again, with its password.
   *
   * The event is reset to pending with a fresh retry schedule and keeps its id (the
   * `webhook-id` header), so a receiver that already has it can drop the repeat.
   *
   * @param id Id of the payment history.
   * @returns The replayed events.
   * @tag webhooks
   */
  @EncryptedRoute.Put("replay")
  public replay(
    @ClientId() client: string,
    @TypedParam("id") id: string & tags.Format<"uuid">,
    @EncryptedBody() input: IPaymentWebhook.IReplay,
  ): Promise<IPaymentWebhook.IEvent[]> {
    return this.deliveries.replay(client, id, input);
  }
}
