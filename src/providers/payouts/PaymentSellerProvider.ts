import { Inject, Injectable } from "@nestjs/common";
import { and, asc, count, eq } from "drizzle-orm";
import crypto from "node:crypto";

import type { IPaymentSeller } from "../../api/structures/IPaymentSeller";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import { settlement_sellers } from "../../db/schema";
import type { IPgSeller, IPgSellerDetails } from "../../pg/PgPayouts";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import type { IInboxOutcome } from "../inbox/PgWebhookInboxProvider";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";
import { payoutCall } from "./PayoutCalls";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";

export type SellerRow = typeof settlement_sellers.$inferSelect;

/**
 * Settlement parties registered as sellers at a PG that pays sellers. The PG reviews each
 * (approval, a limit, KYC); its status is re-read when the PG says it changed and announced
 * to the marketplace once per change (`seller.status_changed`).
 */
@Injectable()
export class PaymentSellerProvider {
  /** What a partially approved seller may receive in one payout (Toss: 10,000,000 won). */
  public static readonly PARTIAL_LIMIT = 10_000_000;

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public async create(client: string, input: IPaymentSeller.ICreate): Promise<IPaymentSeller> {
    if (!this.ctx.gateways.hasStore(input.vendor)) throw new PaymentError(422, "UNKNOWN_STORE", `No store "${input.vendor.store_id}" is configured for ${input.vendor.code}.`);
    this.ctx.gateways.require(input.vendor.code, "payouts");
    const details = this.details(input.business_type, input.individual ?? null, input.company ?? null, input.account);
    if ((await this.ofParty(client, input.party_id)) !== null)
      throw new PaymentError(409, "SELLER_ALREADY_REGISTERED", `Party "${input.party_id}" is already registered as a seller; change it instead.`);
    const id = crypto.randomUUID();
    const made = await this.register(input.vendor, ref(client, input.party_id), details);
    const now = new Date();
    try {
      await this.ctx.db.insert(settlement_sellers).values({
        id,
        client_id: client,
        party_id: input.party_id,
        vendor_code: input.vendor.code,
        vendor_store_id: input.vendor.store_id,
        pg_seller_id: made.seller_id,
        business_type: input.business_type,
        status: made.status,
        details_enc: this.ctx.ciphers.payment.encryptJson(details),
        webhook_url: input.webhook_url ?? null,
        created_at: now,
        updated_at: now,
      });
    } catch (exp) {
      // Another request registered the party first: one seller per party.
      if ((await this.ofParty(client, input.party_id)) !== null) throw new PaymentError(409, "SELLER_ALREADY_REGISTERED", `Party "${input.party_id}" is already registered as a seller.`);
      throw exp;
    }
    return this.get(client, id);
  }

  /**
   * Register at the PG under our reference. A registration whose answer was lost (the process
   * or the network died) left the seller at the PG: a retry is refused there as a duplicate,
   * so the seller is found by its reference, given these details, and taken as registered.
   */
  private async register(vendor: IPaymentSeller.ICreate["vendor"], reference: string, details: IPgSellerDetails): Promise<IPgSeller> {
    try {
      return await this.ctx.gateways.payouts(vendor, "register_seller", (p) => p.registerSeller(vendor.store_id, reference, details));
    } catch (exp) {
      if (!(exp instanceof PgError) || exp.props.kind !== "rejected") throw fromPgError(exp);
      const found = await payoutCall(this.ctx, vendor, "find_seller", (p) => p.findSellerByRef(vendor.store_id, reference));
      if (found === null) throw fromPgError(exp);
      return payoutCall(this.ctx, vendor, "update_seller", (p) => p.updateSeller(vendor.store_id, found.seller_id, reference, details));
    }
  }

  public async update(client: string, id: string, input: IPaymentSeller.IUpdate): Promise<IPaymentSeller> {
    const row = await this.row(client, id);
    const was = this.ctx.ciphers.payment.decryptJson<IPgSellerDetails>(row.details_enc);
    const details = this.details(
      row.business_type as IPaymentSeller.BusinessType,
      input.individual !== undefined ? input.individual : was.individual,
      input.company !== undefined ? input.company : was.company,
      input.account ?? was.account,
    );
    const vendor = { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id };
    const changed = await payoutCall(this.ctx, vendor, "update_seller", (p) => p.updateSeller(row.vendor_store_id, row.pg_seller_id!, ref(client, row.party_id), details));
    await this.ctx.db.transaction(async (tx) => {
      await tx
        .update(settlement_sellers)
        .set({ details_enc: this.ctx.ciphers.payment.encryptJson(details), ...(input.webhook_url !== undefined ? { webhook_url: input.webhook_url } : {}), updated_at: new Date() })
        .where(eq(settlement_sellers.id, id));
      await this.move(tx, (await tx.select().from(settlement_sellers).where(eq(settlement_sellers.id, id)).for("update"))[0]!, changed.status);
    });
    return this.get(client, id);
  }

  public async get(client: string, id: string): Promise<IPaymentSeller> {
    return this.json(await this.row(client, id));
  }

  public async list(client: string, input: IPaymentSeller.IRequest): Promise<IPaymentSeller.IPage> {
    const page = input.page ?? 1;
    const limit = input.limit ?? 100;
    const [total] = await this.ctx.db.select({ n: count() }).from(settlement_sellers).where(eq(settlement_sellers.client_id, client));
    const rows = await this.ctx.db
      .select()
      .from(settlement_sellers)
      .where(eq(settlement_sellers.client_id, client))
      .orderBy(asc(settlement_sellers.created_at), asc(settlement_sellers.id))
      .limit(limit)
      .offset((page - 1) * limit);
    return { data: rows.map((r) => this.json(r)), page, limit, total: Number(total?.n ?? 0) };
  }

  /** The seller a party is registered as, or null (a party paid by hand). */
  public async ofParty(client: string, party: string): Promise<SellerRow | null> {
    const [row] = await this.ctx.db
      .select()
      .from(settlement_sellers)
      .where(and(eq(settlement_sellers.client_id, client), eq(settlement_sellers.party_id, party)));
    return row ?? null;
  }

  /** A PG's webhook naming a seller: its status re-read from the PG, applied and announced if it changed. */
  public async heard(vendor: IPaymentVendor.Code, sellerId: string): Promise<IInboxOutcome> {
    const [row] = await this.ctx.db
      .select()
      .from(settlement_sellers)
      .where(and(eq(settlement_sellers.vendor_code, vendor), eq(settlement_sellers.pg_seller_id, sellerId)));
    if (row === undefined) return { status: "ignored", outcome: "no seller of ours by this id" };
    const pg = await this.ctx.gateways.payouts({ code: vendor }, "get_seller", (p) => p.getSeller(row.vendor_store_id, sellerId));
    const moved = await this.ctx.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(settlement_sellers).where(eq(settlement_sellers.id, row.id)).for("update");
      return this.move(tx, locked!, pg.status);
    });
    return moved ? { status: "applied", outcome: `seller now ${pg.status}` } : { status: "unchanged", outcome: `seller already ${pg.status}` };
  }

  /** A seller's new status at its PG, announced once. */
  private async move(tx: DrizzleTx, row: SellerRow, status: IPgSeller["status"]): Promise<boolean> {
    if (row.status === status) return false;
    const now = new Date();
    await tx.update(settlement_sellers).set({ status, updated_at: now }).where(eq(settlement_sellers.id, row.id));
    await WebhookOutbox.enqueueSeller(this.ctx, tx, { client_id: row.client_id, previous: this.json(row), current: this.json({ ...row, status, updated_at: now }) });
    return true;
  }

  private async row(client: string, id: string): Promise<SellerRow> {
    const [row] = await this.ctx.db
      .select()
      .from(settlement_sellers)
      .where(and(eq(settlement_sellers.id, id), eq(settlement_sellers.client_id, client)));
    if (row === undefined) throw new PaymentError(404, "SELLER_NOT_FOUND", "No seller with this id.");
    return row;
  }

  private details(type: IPaymentSeller.BusinessType, individual: IPaymentSeller.IPerson | null, company: IPaymentSeller.ICompany | null, account: IPaymentSeller.IAccount): IPgSellerDetails {
    if (type === "individual" ? individual === null || company !== null : company === null || individual !== null)
      throw new PaymentError(422, "SELLER_INVALID", type === "individual" ? "An individual seller has `individual` and no `company`." : "A business seller has `company` and no `individual`.");
    return {
      business_type: type,
      individual: individual === null ? null : { name: individual.name, email: individual.email, phone: individual.phone },
      company:
        company === null
          ? null
          : { name: company.name, representative_name: company.representative_name, business_registration_number: company.business_registration_number, email: company.email, phone: company.phone },
      account: { bank_code: account.bank_code, account_number: account.account_number, holder_name: account.holder_name },
    };
  }

  private json(row: SellerRow): IPaymentSeller {
    const d = this.ctx.ciphers.payment.decryptJson<IPgSellerDetails>(row.details_enc);
    const status = row.status as IPaymentSeller.Status;
    return {
      id: row.id,
      party_id: row.party_id,
      vendor: { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id },
      pg_seller_id: row.pg_seller_id ?? "",
      business_type: row.business_type as IPaymentSeller.BusinessType,
      status,
      payout_limit: status === "partially_approved" ? PaymentSellerProvider.PARTIAL_LIMIT : null,
      name: maskName(d.company?.name ?? d.individual?.name ?? ""),
      business_registration_number: d.company !== null ? `${d.company.business_registration_number.slice(0, 3)}-**-*****` : null,
      account: {
        bank_code: d.account.bank_code,
        account_number: `${"*".repeat(Math.max(0, d.account.account_number.length - 4))}${d.account.account_number.slice(-4)}`,
        holder_name: maskName(d.account.holder_name),
      },
      webhook_url: row.webhook_url,
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    };
  }

}

/** The seller's reference at the PG: ours, the same for a party on every try. */
const ref = (client: string, party: string): string => crypto.createHash("sha256").update(`${client}\n${party}`).digest("hex").slice(0, 40);

/** 김토스 → 김*스; Acme Corp → A*******p */
const maskName = (name: string): string => {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
};
