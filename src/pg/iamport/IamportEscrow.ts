import type { IPaymentEscrow } from "../../api/structures/IPaymentEscrow";
import type { IPgEscrowDelivery, PgEscrow } from "../PgEscrow";
import type { IamportAdapter } from "./IamportAdapter";

/**
 * Iamport's escrow: the delivery registered (`POST`) and changed (`PUT`) at
 * `/escrows/logis/{imp_uid}` (times in UNIX seconds). Iamport takes no purchase confirmation:
 * the buyer confirms at the PG's own page, and the shop records it here.
 */
export class IamportEscrow implements PgEscrow {
  public readonly confirmsThroughApi = false;

  public constructor(private readonly api: IamportAdapter) {}

  public registerDelivery(storeId: string, uid: string, delivery: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery> {
    return this.send(storeId, uid, false, delivery);
  }

  public changeDelivery(storeId: string, uid: string, delivery: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery> {
    return this.send(storeId, uid, true, delivery);
  }

  public confirm(): Promise<never> {
    return Promise.reject(new Error("Iamport takes no purchase confirmation through its API"));
  }

  private async send(storeId: string, uid: string, change: boolean, d: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery> {
    const person = (p: IPaymentEscrow.IPerson) => ({ name: p.name, tel: p.phone, ...(p.address !== undefined ? { addr: p.address } : {}), ...(p.zipcode !== undefined ? { postcode: p.zipcode } : {}) });
    const answer = await this.api.escrowLogis(storeId, uid, change, {
      sender: person(d.sender),
      receiver: person(d.receiver),
      logis: { company: d.company, invoice: d.invoice_number, sent_at: Math.floor(new Date(d.sent_at).getTime() / 1000) },
    });
    return { invoice_number: answer.invoice, sent_at: new Date(answer.sent_at * 1000).toISOString(), applied_at: new Date(answer.applied_at * 1000).toISOString() };
  }
}
