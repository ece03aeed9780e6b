import { EncryptedBody, EncryptedController, EncryptedRoute } from "@nestia/core";
import { Inject } from "@nestjs/common";

import type { IPaymentErasure } from "../api/structures/IPaymentErasure";
import { PersonalDataProvider } from "../providers/retention/PersonalDataProvider";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { ClientId } from "./ClientId";

@EncryptedController("payments/erasures", ClientKeyring.closure)
export class PaymentErasuresController {
  public constructor(@Inject(PersonalDataProvider) private readonly personal: PersonalDataProvider) {}

  /**
   * Erase the personal data of a caller's record (its buyer asked to be forgotten): its
   * payment's and its billing key's, each unlocked by the password. What no law requires is
   * erased at once (a billing key's card and holder: the key is revoked; the payloads of the
   * payment's sent events); what the e-commerce act requires of a payment record (5 years
   * from its last change) is kept apart, read by no route, and erased by the workers when that
   * ends. The answer says which is which; asking again answers the same.
   *
   * @tag retention
   */
  @EncryptedRoute.Post()
  public erase(@ClientId() client: string, @EncryptedBody() input: IPaymentErasure.ICreate): Promise<IPaymentErasure> {
    return this.personal.request(client, input);
  }
}
