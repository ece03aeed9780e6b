import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { IPaymentConfiguration } from "../../PaymentConfiguration";
import { PaymentError } from "../../utils/PaymentError";

/** The arithmetic of settlements: exact integers only, every rounding rule written here. */
export namespace SettlementMath {
  /**
   * Resolve a plan against the price: a rate share is `floor(price × basis_points / 10000)`,
   * an absent delay is the role's default; the platform keeps the rest. Refused when the
   * shares exceed the price or a party appears twice.
   */
  export const freeze = (
    plan: IPaymentSettlement.IPlan,
    price: number,
    delays: IPaymentConfiguration.ISettlementDelays,
  ): IPaymentSettlement.IPlanFrozen => {
    const seen = new Set<string>();
    const parties: IPaymentSettlement.IShare[] = plan.parties.map((p) => {
      if (seen.has(p.id)) throw new PaymentError(422, "SETTLEMENT_INVALID", `Party "${p.id}" appears twice in the settlement plan.`);
      seen.add(p.id);
      const amount = p.share.type === "amount" ? p.share.amount : Number((BigInt(price) * BigInt(p.share.basis_points)) / 10_000n);
      return { id: p.id, role: p.role, amount, delay: { days: p.delay?.days ?? delays[p.role], business_days: p.delay?.business_days ?? false } };
    });
    const shared = parties.reduce((sum, p) => sum + p.amount, 0);
    if (shared > price)
      throw new PaymentError(422, "SETTLEMENT_EXCEEDS_PRICE", `The parties' shares (${shared}) exceed the price (${price}); nothing was recorded.`);
    return { parties, platform: price - shared };
  };

  /**
   * Split a refund between the holders of a payment by the largest-remainder method, over
   * what each still holds: each gets `floor(held × refund / total held)`, and the won left
   * over go one each to the largest fractional remainders (ties: the larger holding, then
   * the order given, platform first). The parts sum exactly to the refund and none exceeds
   * what its holder still holds; a full refund gives back exactly every holding.
   */
  export const splitRefund = (held: number[], refund: number): number[] => {
    const total = held.reduce((a, b) => a + b, 0);
    if (refund > total) throw new Error(`refund ${refund} exceeds what is held (${total})`);
    if (total === 0) return held.map(() => 0);
    const T = BigInt(total);
    const R = BigInt(refund);
    const parts = held.map((h) => (BigInt(h) * R) / T);
    const remainders = held.map((h, i) => ({ i, r: (BigInt(h) * R) % T, h }));
    let left = refund - parts.reduce((a, b) => a + Number(b), 0);
    remainders.sort((a, b) => (a.r === b.r ? (a.h === b.h ? a.i - b.i : b.h - a.h) : a.r > b.r ? -1 : 1));
    for (const { i } of remainders) {
      if (left === 0) break;
      parts[i]! += 1n;
      --left;
    }
    return parts.map(Number);
  };

  /** The Korean calendar day (UTC+9, no daylight saving) of an instant, `YYYY-MM-DD`. */
  export const koreanDay = (at: Date): string => new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

  /** The instants of the Korean days `from`–`to`, both included: `[start, end)`. */
  export const koreanDays = (from: string, to: string): { start: Date; end: Date } => ({
    start: new Date(`${from}T00:00:00+09:00`),
    end: new Date(new Date(`${to}T00:00:00+09:00`).getTime() + 86_400_000),
  });

  /**
   * The day a share becomes payable: `days` after the day the money was received; with
   * business days, only weekdays that are not holidays count, and a share never becomes
   * payable on a weekend or holiday.
   */
  export const availableOn = (paidDay: string, delay: { days: number; business_days: boolean }, holidays: ReadonlySet<string>): string => {
    let day = new Date(`${paidDay}T00:00:00Z`);
    const next = () => (day = new Date(day.getTime() + 86_400_000));
    const closed = () => day.getUTCDay() === 0 || day.getUTCDay() === 6 || holidays.has(day.toISOString().slice(0, 10));
    if (!delay.business_days) {
      for (let i = 0; i < delay.days; ++i) next();
      return day.toISOString().slice(0, 10);
    }
    for (let i = 0; i < delay.days; ) {
      next();
      if (!closed()) ++i;
    }
    while (closed()) next();
    return day.toISOString().slice(0, 10);
  };

  /** A stored plan in its documented field order (jsonb keeps its own), or null. */
  export const canonical = (plan: IPaymentSettlement.IPlanFrozen | null | undefined): IPaymentSettlement.IPlanFrozen | null =>
    plan === null || plan === undefined
      ? null
      : {
          parties: plan.parties.map((p) => ({ id: p.id, role: p.role, amount: p.amount, delay: { days: p.delay.days, business_days: p.delay.business_days } })),
          platform: plan.platform,
        };

  /** The later of two `YYYY-MM-DD` days. */
  export const later = (a: string, b: string): string => (a > b ? a : b);
}
