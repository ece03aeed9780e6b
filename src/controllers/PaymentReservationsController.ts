import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { tags } from "typia";

import type { IPaymentReservation } from "../api/structures/IPaymentReservation";
import { PaymentReservationProvider } from "../providers/reservations/PaymentReservationProvider";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { ClientId } from "./ClientId";

@EncryptedController("payments/reservations", ClientKeyring.closure)
export class PaymentReservationsController {
  public constructor(private readonly reservations: PaymentReservationProvider) {}

  /**
   * Register a billing key (Toss: issued here from the billing window's `authKey`;
   * Iamport: the `customer_uid`, fetched and verified).
   *
   * @tag reservations
   */
  @EncryptedRoute.Post()
  public create(@ClientId() client: string, @EncryptedBody() input: IPaymentReservation.IStore): Promise<IPaymentReservation> {
    return this.reservations.store(client, input);
  }

  /**
   * Read one billing key by its source record, with its password.
   *
   * @tag reservations
   */
  @EncryptedRoute.Patch("get")
  public get(@ClientId() client: string, @EncryptedBody() input: IPaymentReservation.IGet): Promise<IPaymentReservation> {
    return this.reservations.get(client, input.source, input.password);
  }

  /**
   * Read one billing key by id, with its password.
   *
   * @param id Id of the reservation.
   * @tag reservations
   */
  @EncryptedRoute.Patch(":id")
  public at(
    @ClientId() client: string,
    @TypedParam("id") id: string & tags.Format<"uuid">,
    @EncryptedBody() input: IPaymentReservation.IAccess,
  ): Promise<IPaymentReservation> {
    return this.reservations.at(client, id, input.password);
  }
}
