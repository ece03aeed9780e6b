import type { IPaymentEscrow } from "../../api/structures/IPaymentEscrow";
import type { IPgEscrowDelivery, PgEscrow } from "../PgEscrow";
import type { PortOneAdapter } from "./PortOneAdapter";

/**
 * PortOne V2's escrow: the delivery registered (`POST`) and changed (`PATCH`) at
 * `/payments/{paymentId}/escrow/logistics`, the purchase confirmed at `/escrow/complete`.
 */
export class PortOneEscrow implements PgEscrow {
  public readonly confirmsThroughApi = true;

  public constructor(private readonly api: PortOneAdapter) {}

  public registerDelivery(storeId: string, uid: string, delivery: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery> {
    return this.send(storeId, uid, false, delivery);
  }

  public changeDelivery(storeId: string, uid: string, delivery: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery> {
    return this.send(storeId, uid, true, delivery);
  }

  public async confirm(storeId: string, uid: string): Promise<{ confirmed_at: string }> {
    return { confirmed_at: (await this.api.confirmEscrow(storeId, uid)).completedAt };
  }

  private async send(storeId: string, uid: string, change: boolean, d: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery> {
    const person = (p: IPaymentEscrow.IPerson) => ({ name: p.name, phoneNumber: p.phone, ...(p.zipcode !== undefined ? { zipcode: p.zipcode } : {}) });
    const answer = await this.api.escrowLogistics(storeId, uid, change, {
      sender: person(d.sender),
      receiver: person(d.receiver),
      logistics: { company: d.company, invoiceNumber: d.invoice_number, sentAt: d.sent_at },
      ...(d.products !== undefined ? { products: d.products.map((p) => ({ id: p.id, name: p.name, amount: p.amount, quantity: p.quantity })) } : {}),
    });
    return { invoice_number: answer.invoiceNumber, sent_at: answer.sentAt, applied_at: answer.appliedAt ?? answer.modifiedAt ?? new Date().toISOString() };
  }
}
