import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { Inject } from "@nestjs/common";
import { tags } from "typia";

import type { IPaymentSchedule } from "../api/structures/IPaymentSchedule";
import { IdempotencyProvider } from "../providers/idempotency/IdempotencyProvider";
import { PaymentContext } from "../providers/PaymentContext";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { PaymentScheduleProvider } from "../providers/subscriptions/PaymentScheduleProvider";
import { WebhookUrlPolicy } from "../providers/webhooks/WebhookUrlPolicy";
import { ClientId } from "./ClientId";
import { IdempotencyKey } from "./IdempotencyKey";

@EncryptedController("payments/schedules", ClientKeyring.closure)
export class PaymentSchedulesController {
  public constructor(
    @Inject(PaymentScheduleProvider) private readonly schedules: PaymentScheduleProvider,
    @Inject(IdempotencyProvider) private readonly idempotency: IdempotencyProvider,
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
  ) {}

  /**
   * Charge a billing key on a schedule: once, every N days, or monthly on a day (the month's
   * last day when it has no such day), from `starts_at`, in `time_zone` (Asia/Seoul), until
   * `ends_at`. The workers charge each cycle once as an ordinary payment history (its events
   * go to `webhook_url`), retry a decline that can recover on the client's ladder (1, 3, 5
   * days), and announce `subscription.*` events. A revoked key is 422 RESERVATION_REVOKED.
   * Idempotent with an `Idempotency-Key` header.
   *
   * @tag schedules
   */
  @EncryptedRoute.Post()
  public create(@ClientId() client: string, @IdempotencyKey() key: string | null, @EncryptedBody() input: IPaymentSchedule.ICreate): Promise<IPaymentSchedule> {
    return this.idempotency.run(client, key, "POST /payments/schedules", input, async (scope) => {
      await WebhookUrlPolicy.assert(this.ctx, input.webhook_url);
      return this.schedules.create(client, input, scope);
    });
  }

  /**
   * The schedules of a billing key, oldest first, with its password.
   *
   * @tag schedules
   */
  @EncryptedRoute.Patch()
  public list(@ClientId() client: string, @EncryptedBody() input: IPaymentSchedule.IList): Promise<IPaymentSchedule[]> {
    return this.schedules.list(client, input);
  }

  /**
   * Read a schedule, with its billing key's password.
   *
   * @param id Id of the schedule.
   * @tag schedules
   */
  @EncryptedRoute.Patch(":id")
  public get(@ClientId() client: string, @TypedParam("id") id: string & tags.Format<"uuid">, @EncryptedBody() input: IPaymentSchedule.IAccess): Promise<IPaymentSchedule> {
    return this.schedules.get(client, id, input);
  }

  /**
   * Pause: no cycle is charged until resumed, and the cycles that pass meanwhile are skipped.
   *
   * @param id Id of the schedule.
   * @tag schedules
   */
  @EncryptedRoute.Put(":id/pause")
  public pause(@ClientId() client: string, @TypedParam("id") id: string & tags.Format<"uuid">, @EncryptedBody() input: IPaymentSchedule.IAccess): Promise<IPaymentSchedule> {
    return this.schedules.pause(client, id, input);
  }

  /**
   * Resume a paused schedule from its next cycle, or a `past_due` one at once (the cycle it
   * owes is charged now), optionally on another billing key (`reservation`, with its password).
   *
   * @param id Id of the schedule.
   * @tag schedules
   */
  @EncryptedRoute.Put(":id/resume")
  public resume(@ClientId() client: string, @TypedParam("id") id: string & tags.Format<"uuid">, @EncryptedBody() input: IPaymentSchedule.IResume): Promise<IPaymentSchedule> {
    return this.schedules.resume(client, id, input);
  }

  /**
   * Cancel for good (`subscription.cancelled`); a charge already sent is still recorded.
   *
   * @param id Id of the schedule.
   * @tag schedules
   */
  @EncryptedRoute.Put(":id/cancel")
  public cancel(@ClientId() client: string, @TypedParam("id") id: string & tags.Format<"uuid">, @EncryptedBody() input: IPaymentSchedule.IAccess): Promise<IPaymentSchedule> {
    return this.schedules.cancel(client, id, input);
  }

  /**
   * Change the amount from the next charge on (a split must still fit it).
   *
   * @param id Id of the schedule.
   * @tag schedules
   */
  @EncryptedRoute.Put(":id/amount")
  public amount(@ClientId() client: string, @TypedParam("id") id: string & tags.Format<"uuid">, @EncryptedBody() input: IPaymentSchedule.IAmount): Promise<IPaymentSchedule> {
    return this.schedules.amount(client, id, input);
  }
}
