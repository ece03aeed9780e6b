import { EncryptedBody, EncryptedController, EncryptedRoute } from "@nestia/core";
import { Inject } from "@nestjs/common";

import type { IPaymentEscrow } from "../api/structures/IPaymentEscrow";
import { PaymentEscrowProvider } from "../providers/escrows/PaymentEscrowProvider";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { ClientId } from "./ClientId";

@EncryptedController("payments/histories/escrow", ClientKeyring.closure)
export class PaymentEscrowsController {
  public constructor(@Inject(PaymentEscrowProvider) private readonly escrows: PaymentEscrowProvider) {}

  /**
   * Register an escrow payment's delivery at its PG (company, invoice number, sender, receiver,
   * products), or change it once registered (`escrow.delivery_registered`,
   * `escrow.delivery_changed`). A PG without an escrow API answers `422 UNSUPPORTED_BY_PG`; a
   * payment not made as escrow `404 ESCROW_NOT_FOUND`; a decided one `409 ESCROW_CLOSED`.
   *
   * @tag escrow
   */
  @EncryptedRoute.Put("delivery")
  public delivery(@ClientId() client: string, @EncryptedBody() input: IPaymentEscrow.IRegister): Promise<IPaymentEscrow> {
    return this.escrows.delivery(client, input);
  }

  /**
   * Record the buyer's answer. `confirm` (after the delivery is registered): passed on to a PG
   * that takes it (PortOne V2; at Iamport the buyer confirms at the PG's own page), and the
   * payment's shares become payable from now plus each party's delay (`escrow.confirmed`).
   * `reject` (with a reason): the payment is refunded in full, its shares reversed
   * (`payment.cancelled`, then `escrow.rejected`). Asking again answers the same.
   *
   * @tag escrow
   */
  @EncryptedRoute.Post("decision")
  public decide(@ClientId() client: string, @EncryptedBody() input: IPaymentEscrow.IDecide): Promise<IPaymentEscrow> {
    return this.escrows.decide(client, input);
  }

  /**
   * Read a payment's escrow (the people of its delivery masked).
   *
   * @tag escrow
   */
  @EncryptedRoute.Patch()
  public get(@ClientId() client: string, @EncryptedBody() input: IPaymentEscrow.IGet): Promise<IPaymentEscrow> {
    return this.escrows.get(client, input);
  }
}
