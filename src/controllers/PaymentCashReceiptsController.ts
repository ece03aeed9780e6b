import { EncryptedBody, EncryptedController, EncryptedRoute } from "@nestia/core";
import { Inject } from "@nestjs/common";

import type { IPaymentCashReceipt } from "../api/structures/IPaymentCashReceipt";
import { PaymentCashReceiptProvider } from "../providers/receipts/PaymentCashReceiptProvider";
import { ClientKeyring } from "../providers/security/ClientKeyring";
import { ClientId } from "./ClientId";

@EncryptedController("payments/histories/cash-receipts", ClientKeyring.closure)
export class PaymentCashReceiptsController {
  public constructor(@Inject(PaymentCashReceiptProvider) private readonly receipts: PaymentCashReceiptProvider) {}

  /**
   * Issue the cash receipt (현금영수증) of a payment paid in cash (virtual account, transfer) at
   * its PG: income deduction (소득공제) or expense proof (지출증빙), to the buyer's phone,
   * resident, business or cash-receipt card number (kept encrypted, answered masked). For what
   * is left of the payment unless `amount` says less. A PG's refusal answers the receipt
   * `failed` with its reason (issue again to retry); a card payment is `422
   * CASH_RECEIPT_NOT_ALLOWED`; a PG without cash receipts `422 UNSUPPORTED_BY_PG`.
   *
   * @tag cash-receipts
   */
  @EncryptedRoute.Post()
  public issue(@ClientId() client: string, @EncryptedBody() input: IPaymentCashReceipt.ICreate): Promise<IPaymentCashReceipt> {
    return this.receipts.issue(client, input);
  }

  /**
   * Cancel the receipt in full, or `amount` of it (a partial refund's share). Where the PG
   * cancels no part of a receipt (Iamport, PortOne V2), it is cancelled and one is issued for
   * what is left, to the same buyer.
   *
   * @tag cash-receipts
   */
  @EncryptedRoute.Put("cancel")
  public cancel(@ClientId() client: string, @EncryptedBody() input: IPaymentCashReceipt.ICancel): Promise<IPaymentCashReceipt> {
    return this.receipts.cancel(client, input);
  }

  /**
   * Read a payment's cash receipt (404 CASH_RECEIPT_NOT_FOUND when none was issued).
   *
   * @tag cash-receipts
   */
  @EncryptedRoute.Patch("get")
  public get(@ClientId() client: string, @EncryptedBody() input: IPaymentCashReceipt.IGet): Promise<IPaymentCashReceipt> {
    return this.receipts.get(client, input);
  }
}
