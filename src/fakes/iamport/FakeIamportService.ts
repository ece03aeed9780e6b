import { randomBytes, randomInt } from "node:crypto";
import typia from "typia";

import { IIamportCustomer } from "../../api/structures/iamport/IIamportCustomer";
import { IIamportPayment } from "../../api/structures/iamport/IIamportPayment";
import { IIamportPaymentCancel } from "../../api/structures/iamport/IIamportPaymentCancel";
import { IIamportSubscribeAgain } from "../../api/structures/iamport/IIamportSubscribeAgain";
import { IIamportSubscribeOnetime } from "../../api/structures/iamport/IIamportSubscribeOnetime";
import { IIamportUser } from "../../api/structures/iamport/IIamportUser";
import { IIamportVbankCreate } from "../../api/structures/iamport/IIamportVbankCreate";
import { IIamportWebhook } from "../../api/structures/iamport/IIamportWebhook";
import { BoundedMap } from "../common/BoundedMap";
import { FakeIamportEscrows } from "./FakeIamportEscrows";
import { FakeIamportReceipts } from "./FakeIamportReceipts";
import { type Answer, BANKS, cardCode, cardName, customerMissing, envelope, fail, invalid, key, mask, ok, randomId } from "./FakeIamportAnswers";

// What other files of the fake take from here.
export { type Answer, fail, invalid, key, ok, randomId } from "./FakeIamportAnswers";

/**
 * Business logic of the fake Iamport: every method takes the parsed request and gives
 * back the HTTP status and envelope the real API would answer. No HTTP in here.
 *
 * Everything is scoped by the owner (the `imp_key` the token was issued to).
 * FAKE DIFFERS: the real API scopes data by merchant account (several REST keys of one
 * account see the same payments); here each key pair is its own store.
 * FAKE DIFFERS: records expire and are evicted (bounded storage); the real API keeps them.
 * FAKE DIFFERS: error messages and the 400 answers for malformed bodies are the fake's own
 * wording; codes and HTTP statuses follow the real API where known.
 */
export class FakeIamportService {
  private readonly tokens: BoundedMap<string, FakeIamportService.IToken>;
  /** Current token of each imp_key. */
  private readonly tokenOf: BoundedMap<string, string>;
  private readonly payments: BoundedMap<string, FakeIamportService.IPaymentRecord>;
  /** `${owner}\0${merchant_uid}` → imp_uids, oldest first. */
  private readonly orders: BoundedMap<string, string[]>;
  /** `${owner}\0${customer_uid}`. */
  private readonly customers: BoundedMap<string, FakeIamportService.ICustomerRecord>;
  /** `/receipts/{imp_uid}`: cash receipts of its payments. */
  public readonly receipts: FakeIamportReceipts;
  /** `/escrows/logis/{imp_uid}`: deliveries of its escrow payments. */
  public readonly escrows: FakeIamportEscrows;

  public constructor(private readonly config: FakeIamportService.IConfig) {
    const now = (): number => config.now().getTime();
    const make = <K, V>() =>
      new BoundedMap<K, V>({ max: config.capacity, ttlMs: config.ttlMs, now });
    this.tokens = make();
    this.tokenOf = make();
    this.payments = make();
    this.orders = make();
    this.customers = make();
    this.escrows = new FakeIamportEscrows(make(), { payment: (owner, imp_uid) => this.payment(owner, imp_uid), unix: () => this.unix() });
    this.receipts = new FakeIamportReceipts(make(), {
      payment: (owner, imp_uid) => this.payment(owner, imp_uid),
      save: (record) => this.save(record),
      unix: () => this.unix(),
    });
  }

  /* ----------------------------------------------------------------
    AUTHENTICATION
  ---------------------------------------------------------------- */
  public getToken(body: unknown): Answer<IIamportUser.IAccessToken> {
    if (!typia.is<IIamportUser.IAccessor>(body))
      return fail(400, -1, "imp_key, imp_secret 파라메터가 누락되었습니다.");
    const key = this.config.keys().find(
      (k) => k.imp_key === body.imp_key && k.imp_secret === body.imp_secret,
    );
    if (key === undefined)
      return fail(401, -1, "imp_key, imp_secret 파라메터가 올바르지 않습니다.");
    const now: number = this.unix();
    const current: string | undefined = this.tokenOf.get(key.imp_key);
    const record = current !== undefined ? this.tokens.get(current) : undefined;
    if (record !== undefined && record.expired_at > now) {
      // the real API answers the same token until expiry, extending it by 5 minutes
      // when less than a minute is left
      if (record.expired_at - now < 60) {
        record.expired_at += 5 * 60;
        this.tokens.set(record.access_token, record);
      }
      return ok({ access_token: record.access_token, now, expired_at: record.expired_at });
    }
    const token: IIamportUser.IAccessToken = {
      access_token: randomBytes(20).toString("hex"),
      now,
      expired_at: now + this.config.tokenTtlSeconds,
    };
    this.tokens.set(token.access_token, { ...token, owner: key.imp_key });
    this.tokenOf.set(key.imp_key, token.access_token);
    return ok(token);
  }

  /** Owner (imp_key) of a valid token, from `Authorization: Bearer <t>`, a bare token, or the legacy `X-ImpTokenHeader`. */
  public authorize(headers: Record<string, unknown>): string | null {
    const raw: unknown = headers["authorization"] ?? headers["x-imptokenheader"];
    if (typeof raw !== "string" || raw.length === 0) return null;
    const token: string = raw.replace(/^Bearer\s+/i, "").trim();
    const record = this.tokens.get(token);
    if (record === undefined || record.expired_at <= this.unix()) return null;
    return record.owner;
  }

  /* ----------------------------------------------------------------
    PAYMENTS
  ---------------------------------------------------------------- */
  public getPayment(owner: string, imp_uid: string): Answer<IIamportPayment> {
    const p = this.payment(owner, imp_uid);
    return p ? ok(p.payment) : fail(404, 1, "존재하지 않는 결제정보입니다.");
  }

  public findPayment(owner: string, merchant_uid: string, status?: string): Answer<IIamportPayment> {
    if (status !== undefined && !typia.is<IIamportPayment.Status>(status))
      return fail(400, -1, `payment_status 는 ready, paid, cancelled, failed 중 하나여야 합니다.`);
    const found = this.byMerchant(owner, merchant_uid).filter(
      (p) => status === undefined || p.payment.status === status,
    );
    const latest = found[found.length - 1];
    return latest ? ok(latest.payment) : fail(404, 1, "존재하지 않는 결제정보입니다.");
  }

  public cancel(owner: string, body: unknown, console: boolean = false): Answer<IIamportPayment> {
    const v = typia.validate<IIamportPaymentCancel>(body);
    if (!v.success) return invalid(v.errors);
    const input: IIamportPaymentCancel = v.data;
    const record: FakeIamportService.IPaymentRecord | undefined =
      input.imp_uid !== undefined
        ? this.payment(owner, input.imp_uid)
        : input.merchant_uid !== undefined
          ? // the real API cancels the paid payment of that order
            this.byMerchant(owner, input.merchant_uid).filter((p) => p.payment.status === "paid").pop() ??
            this.byMerchant(owner, input.merchant_uid).pop()
          : undefined;
    if (input.imp_uid === undefined && input.merchant_uid === undefined)
      return fail(400, -1, "imp_uid 또는 merchant_uid 중 하나는 필수입니다.");
    // the real API answers refused cancels with HTTP 200 and code 1
    if (record === undefined) return fail(200, 1, "취소할 결제건이 존재하지 않습니다.");
    const p: IIamportPayment = record.payment;
    if (p.status === "cancelled") return fail(200, 1, "이미 전액취소된 주문입니다.");
    if (p.status !== "paid") return fail(200, 1, "결제완료 상태가 아닌 결제건은 취소할 수 없습니다.");
    const balance: number = p.amount - p.cancel_amount;
    const amount: number = input.amount ? input.amount : balance;
    if (amount > balance)
      return fail(200, 1, `취소요청금액(${amount})이 취소가능잔액(${balance})보다 큽니다.`);
    if (input.checksum !== undefined && input.checksum !== balance)
      return fail(200, 1, `checksum(${input.checksum})이 취소가능잔액(${balance})과 일치하지 않습니다.`);
    if (
      !console &&
      p.pay_method === "vbank" &&
      (!input.refund_holder || !input.refund_bank || !input.refund_account)
    )
      return fail(200, 1, "가상계좌 결제건의 환불에는 환불계좌(refund_holder, refund_bank, refund_account)가 필요합니다.");

    const now: number = this.unix();
    const history: IIamportPayment.ICancelHistory = {
      pg_tid: p.pg_tid ?? randomId(16),
      amount,
      cancelled_at: now,
      reason: input.reason ?? "",
      receipt_url: `https://iniweb.inicis.com/receipt/cancel/${p.imp_uid}/${p.cancel_history.length + 1}`,
      cancellation_id: randomId(24),
    };
    p.cancel_history.push(history);
    p.cancel_receipt_urls.push(history.receipt_url);
    p.cancel_amount += amount;
    p.cancel_reason = history.reason;
    // the real API keeps "paid" on a partial cancel; cancelled_at is the last cancel time
    // (docs silent on partial cancels: we set it on each one)
    p.cancelled_at = now;
    if (p.cancel_amount === p.amount) p.status = "cancelled";
    this.save(record);
    if (console || input.enable_webhook === true)
      this.notify(record, { cancellation_id: history.cancellation_id });
    return ok(p);
  }

  /* ----------------------------------------------------------------
    SUBSCRIPTIONS
  ---------------------------------------------------------------- */
  public getCustomer(owner: string, customer_uid: string): Answer<IIamportCustomer> {
    const c = this.customers.get(key(owner, customer_uid));
    return c ? ok(c.customer) : fail(404, 1, customerMissing(customer_uid));
  }

  public createCustomer(owner: string, customer_uid: string, body: unknown): Answer<IIamportCustomer> {
    const v = typia.validate<IIamportCustomer.ICreate>(body);
    if (!v.success) return invalid(v.errors);
    const card = this.checkCard(v.data);
    if (card.answer) return card.answer;
    if (card.digits === FakeIamportService.CARDS.INVALID)
      return fail(200, 1, "카드정보 인증 및 빌링키 발급에 실패하였습니다. [F112] 유효하지않은 카드번호를 입력하셨습니다.");
    return ok(this.storeCustomer(owner, customer_uid, card.digits, v.data).customer);
  }

  public deleteCustomer(owner: string, customer_uid: string): Answer<IIamportCustomer> {
    const c = this.customers.get(key(owner, customer_uid));
    if (c === undefined) return fail(404, 1, customerMissing(customer_uid));
    this.customers.delete(key(owner, customer_uid));
    return ok(c.customer);
  }

  public onetime(owner: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<IIamportSubscribeOnetime>(body);
    if (!v.success) return invalid(v.errors);
    const input: IIamportSubscribeOnetime = v.data;
    const card = this.checkCard(input);
    if (card.answer) return card.answer;
    const dup = this.duplicate(owner, input.merchant_uid);
    if (dup) return dup;
    let customer: FakeIamportService.ICustomerRecord | null = null;
    if (input.customer_uid !== undefined) {
      if (card.digits === FakeIamportService.CARDS.INVALID)
        return fail(200, 1, "카드정보 인증 및 빌링키 발급에 실패하였습니다. [F112] 유효하지않은 카드번호를 입력하셨습니다.");
      customer = this.storeCustomer(owner, input.customer_uid, card.digits, {
        ...input,
        customer_name: input.buyer_name,
        customer_tel: input.buyer_tel,
        customer_email: input.buyer_email,
        customer_addr: input.buyer_addr,
        customer_postcode: input.buyer_postcode,
      });
    }
    return this.charge(owner, card.digits, {
      ...input,
      channel: "api",
      customer_uid: input.customer_uid ?? null,
      customer_uid_usage: customer ? "issue" : null,
      card_quota: input.card_quota ?? 0,
    });
  }

  public again(owner: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<IIamportSubscribeAgain>(body);
    if (!v.success) return invalid(v.errors);
    const input: IIamportSubscribeAgain = v.data;
    const customer = this.customers.get(key(owner, input.customer_uid));
    // docs are silent on the HTTP status here; the real API answers code 1 with HTTP 200
    if (customer === undefined) return fail(200, 1, customerMissing(input.customer_uid));
    const dup = this.duplicate(owner, input.merchant_uid);
    if (dup) return dup;
    return this.charge(owner, customer.digits, {
      ...input,
      channel: "api",
      customer_uid: input.customer_uid,
      customer_uid_usage: "payment",
      card_quota: input.card_quota ?? 0,
    });
  }

  /* ----------------------------------------------------------------
    VIRTUAL ACCOUNTS
  ---------------------------------------------------------------- */
  public createVbank(owner: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<IIamportVbankCreate>(body);
    if (!v.success) return invalid(v.errors);
    const input: IIamportVbankCreate = v.data;
    if (input.amount <= 0) return fail(400, -1, "amount 는 0보다 커야 합니다.");
    if (input.vbank_due <= this.unix()) return fail(200, 1, "입금기한(vbank_due)이 이미 지났습니다.");
    const dup = this.duplicate(owner, input.merchant_uid);
    if (dup) return dup;
    const record = this.create(owner, {
      ...input,
      pay_method: "vbank",
      channel: "api",
      status: "ready",
      vbank_code: input.vbank_code,
      vbank_name: BANKS[input.vbank_code] ?? `은행(${input.vbank_code})`,
      vbank_num: `${randomInt(100, 999)}${randomInt(1_000_000, 9_999_999)}${randomInt(1000, 9999)}`,
      vbank_holder: input.vbank_holder,
      vbank_date: input.vbank_due,
      vbank_issued_at: this.unix(),
    });
    this.notify(record); // the real API notifies the issue of a virtual account ("ready")
    return ok(record.payment);
  }

  public updateVbank(owner: string, imp_uid: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<IIamportVbankCreate.IUpdate>(body);
    if (!v.success) return invalid(v.errors);
    const record = this.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    const p = record.payment;
    if (p.pay_method !== "vbank" || p.status !== "ready")
      return fail(200, 1, "입금대기 상태의 가상계좌만 변경할 수 있습니다.");
    if (v.data.vbank_due !== undefined && v.data.vbank_due <= this.unix())
      return fail(200, 1, "입금기한(vbank_due)이 이미 지났습니다.");
    if (v.data.amount !== undefined) {
      if (v.data.amount <= 0) return fail(400, -1, "amount 는 0보다 커야 합니다.");
      p.amount = v.data.amount;
    }
    if (v.data.vbank_due !== undefined) p.vbank_date = v.data.vbank_due;
    this.save(record);
    return ok(p);
  }

  public deleteVbank(owner: string, imp_uid: string): Answer<IIamportPayment> {
    const record = this.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    const p = record.payment;
    if (p.pay_method !== "vbank" || p.status !== "ready")
      return fail(200, 1, "입금대기 상태의 가상계좌만 말소할 수 있습니다.");
    p.status = "cancelled";
    p.cancelled_at = this.unix();
    p.cancel_reason = "가상계좌 말소";
    this.save(record);
    return ok(p);
  }

  /* ----------------------------------------------------------------
    SIMULATION (/internal)
  ---------------------------------------------------------------- */
  /** What a buyer's browser does in the payment window: approve (card/trans) or issue a vbank. */
  public window(owner: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<FakeIamportService.IWindow>(body);
    if (!v.success) return invalid(v.errors);
    const input = v.data;
    const method = input.pay_method ?? "card";
    if (input.amount <= 0) return fail(400, -1, "amount 는 0보다 커야 합니다.");
    const dup = this.duplicate(owner, input.merchant_uid);
    if (dup) return dup;
    if (method === "vbank")
      return this.createVbank(owner, {
        ...input,
        vbank_code: input.vbank_code ?? "004",
        vbank_due: input.vbank_due ?? this.unix() + 3 * 24 * 60 * 60,
        vbank_holder: input.vbank_holder ?? "(주)테스트상점",
      });
    if (method === "trans") {
      const record = this.create(owner, {
        ...input,
        pay_method: "trans",
        channel: "pc",
        status: "paid",
        bank_code: input.vbank_code ?? "088",
        bank_name: BANKS[input.vbank_code ?? "088"] ?? "은행",
        paid_at: this.unix(),
      });
      this.notify(record);
      return ok(record.payment);
    }
    const digits: string = (input.card_number ?? "4092023012341234").replace(/\D/g, "");
    if (!/^\d{15,16}$/.test(digits)) return fail(400, -1, "card_number 형식이 올바르지 않습니다.");
    const { pay_method: _method, ...rest } = input;
    const easy = method !== "card" ? { easy_pay: method } : {};
    return this.charge(owner, digits, { ...rest, ...easy, channel: "pc", customer_uid: null, customer_uid_usage: null, card_quota: input.card_quota ?? 0 });
  }

  public deposit(owner: string, imp_uid: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<{ amount?: number }>(body ?? {});
    if (!v.success) return invalid(v.errors);
    const record = this.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    const p = record.payment;
    if (p.pay_method !== "vbank" || p.status !== "ready")
      return fail(200, 1, "입금대기 상태의 가상계좌가 아닙니다.");
    if (p.vbank_date <= this.unix()) return fail(200, 1, "입금기한이 지난 가상계좌입니다.");
    // virtual accounts accept only the exact amount (the bank refuses other transfers)
    if (v.data.amount !== undefined && v.data.amount !== p.amount)
      return fail(200, 1, `입금액(${v.data.amount})이 결제금액(${p.amount})과 다릅니다.`);
    p.status = "paid";
    p.paid_at = this.unix();
    p.apply_num = String(randomInt(10_000_000, 99_999_999));
    this.save(record);
    this.notify(record);
    return ok(p);
  }

  public expire(owner: string, imp_uid: string): Answer<IIamportPayment> {
    const record = this.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    const p = record.payment;
    if (p.pay_method !== "vbank" || p.status !== "ready")
      return fail(200, 1, "입금대기 상태의 가상계좌가 아닙니다.");
    // docs are silent: an expired account keeps status "ready" with its deadline passed
    p.vbank_date = this.unix() - 1;
    this.save(record);
    return ok(p);
  }

  /** The owner's payments, newest first (the console). */
  public list(owner: string): IIamportPayment[] {
    return [...this.payments.values()].filter((r) => r.owner === owner).map((r) => r.payment).reverse();
  }

  public failPayment(owner: string, imp_uid: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<{ reason?: string }>(body ?? {});
    if (!v.success) return invalid(v.errors);
    const record = this.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    if (record.payment.status !== "ready")
      return fail(200, 1, "결제대기(ready) 상태의 결제건만 실패 처리할 수 있습니다.");
    record.payment.status = "failed";
    record.payment.failed_at = this.unix();
    record.payment.fail_reason = v.data.reason ?? "사용자가 결제를 취소하셨습니다";
    this.save(record);
    return ok(record.payment); // never a webhook on failure
  }

  public consoleCancel(owner: string, imp_uid: string, body: unknown): Answer<IIamportPayment> {
    const v = typia.validate<{ amount?: number & typia.tags.Type<"uint64">; reason?: string }>(body ?? {});
    if (!v.success) return invalid(v.errors);
    if (this.payment(owner, imp_uid) === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    return this.cancel(owner, { imp_uid, amount: v.data.amount, reason: v.data.reason ?? "관리자 콘솔 취소" }, true);
  }

  public resend(owner: string, imp_uid: string): Answer<{ url: string | null; body: IIamportWebhook }> {
    const record = this.payment(owner, imp_uid);
    if (record === undefined) return fail(404, 1, "존재하지 않는 결제정보입니다.");
    const last = record.payment.cancel_history[record.payment.cancel_history.length - 1];
    const extra = record.payment.cancel_amount > 0 && last?.cancellation_id ? { cancellation_id: last.cancellation_id } : {};
    return ok(this.notify(record, extra));
  }

  /* ----------------------------------------------------------------
    INTERNALS
  ---------------------------------------------------------------- */
  public unix(): number {
    return Math.floor(this.config.now().getTime() / 1000);
  }

  private payment(owner: string, imp_uid: string): FakeIamportService.IPaymentRecord | undefined {
    const r = this.payments.get(imp_uid);
    return r !== undefined && r.owner === owner ? r : undefined;
  }

  private byMerchant(owner: string, merchant_uid: string): FakeIamportService.IPaymentRecord[] {
    return (this.orders.get(key(owner, merchant_uid)) ?? [])
      .map((id) => this.payment(owner, id))
      .filter((r): r is FakeIamportService.IPaymentRecord => r !== undefined);
  }

  private save(record: FakeIamportService.IPaymentRecord): void {
    this.payments.set(record.payment.imp_uid, record);
  }

  /**
   * The real API refuses a second payment of an order already paid (a failed one may be retried).
   * FAKE DIFFERS: applied uniformly here; at the real API the check also depends on the PG.
   */
  private duplicate(owner: string, merchant_uid: string): Answer<never> | null {
    return this.byMerchant(owner, merchant_uid).some((r) => r.payment.status !== "failed")
      ? fail(200, 1, `이미 결제가 진행된 merchant_uid(${merchant_uid}) 입니다.`)
      : null;
  }

  private checkCard(card: IIamportCustomer.ICard): { digits: string; answer?: Answer<never> } {
    const digits: string = card.card_number.replace(/[\s-]/g, "");
    if (!/^\d{15,16}$/.test(digits)) return { digits, answer: fail(400, -1, "card_number 형식이 올바르지 않습니다.") };
    const m = /^(\d{4})-(\d{2})$/.exec(card.expiry);
    if (m === null) return { digits, answer: fail(400, -1, "expiry 는 YYYY-MM 형식이어야 합니다.") };
    const now: Date = this.config.now();
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12 || y * 12 + mo < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1)
      return { digits, answer: fail(200, 1, "카드정보 인증에 실패하였습니다. [F113] 유효기간이 만료되었거나 올바르지 않습니다.") };
    if (!/^(\d{6}|\d{10})$/.test(card.birth)) return { digits, answer: fail(400, -1, "birth 는 YYMMDD 또는 사업자번호 10자리여야 합니다.") };
    return { digits };
  }

  private storeCustomer(
    owner: string,
    customer_uid: string,
    digits: string,
    input: IIamportCustomer.ICreate,
  ): FakeIamportService.ICustomerRecord {
    const now: number = this.unix();
    const previous = this.customers.get(key(owner, customer_uid));
    const record: FakeIamportService.ICustomerRecord = {
      digits,
      customer: {
        customer_uid,
        pg_provider: input.pg ?? "nice",
        pg_id: "nictest04m",
        card_name: cardName(digits),
        card_code: cardCode(digits),
        card_number: mask(digits),
        card_type: 0,
        customer_name: input.customer_name ?? null,
        customer_tel: input.customer_tel ?? null,
        customer_email: input.customer_email ?? null,
        customer_addr: input.customer_addr ?? null,
        customer_postcode: input.customer_postcode ?? null,
        // re-registering a customer_uid replaces its card, as the real API does
        inserted: previous?.customer.inserted ?? now,
        updated: now,
      },
    };
    this.customers.set(key(owner, customer_uid), record);
    return record;
  }

  /** Approve (or decline, per magic card numbers) a card payment. */
  private charge(
    owner: string,
    digits: string,
    input: Omit<Partial<IIamportSubscribeAgain>, "customer_uid"> & {
      merchant_uid: string;
      amount: number;
      channel: string;
      customer_uid: string | null;
      customer_uid_usage: string | null;
      card_quota: number;
      /** An easy-pay service the card was paid in (KG이니시스's direct call: `pay_method` is the service). */
      easy_pay?: string;
    },
  ): Answer<IIamportPayment> {
    const CARDS = FakeIamportService.CARDS;
    // FAKE DIFFERS: magic card numbers exist only in the fake
    if (digits === CARDS.PG_ERROR) return fail(500, -1, "PG사 시스템 장애로 결제요청에 실패하였습니다. (FAKE: magic card)");
    if (input.amount <= 0) return fail(400, -1, "amount 는 0보다 커야 합니다.");
    const now: number = this.unix();
    const declined: boolean = digits === CARDS.DECLINED || digits === CARDS.INVALID || digits === CARDS.STOPPED;
    const { easy_pay, ...fields } = input;
    const record = this.create(owner, {
      ...fields,
      pay_method: (easy_pay ?? "card") as IIamportPayment.PayMethod,
      ...(easy_pay !== undefined ? { pg_provider: "html5_inicis", emb_pg_provider: easy_pay } : {}),
      status: declined ? "failed" : "paid",
      card_code: cardCode(digits),
      card_name: cardName(digits),
      card_number: mask(digits),
      card_type: 0,
      apply_num: declined ? null : String(randomInt(10_000_000, 99_999_999)),
      paid_at: declined ? 0 : now,
      failed_at: declined ? now : 0,
      fail_reason: declined
        ? digits === CARDS.DECLINED
          ? "[3011] 카드잔액 또는 한도가 부족합니다."
          : digits === CARDS.STOPPED
            ? "[F036] 정지된 카드입니다."
            : "[F112] 유효하지않은 카드번호를 입력하셨습니다."
        : null,
    });
    if (declined) return ok(record.payment); // a decline is code 0 with status "failed"
    this.notify(record);
    // the charge is made but the answer is lost: the caller's outcome is unknown
    if (digits === CARDS.TIMEOUT) return { status: 200, body: envelope(0, null, record.payment), hang: true };
    return ok(record.payment);
  }

  private create(
    owner: string,
    input: Partial<IIamportPayment> & { merchant_uid: string; amount: number; notice_url?: string },
  ): FakeIamportService.IPaymentRecord {
    const now: number = this.unix();
    const imp_uid: string = `imp_${randomInt(100_000, 999_999)}${randomInt(100_000, 999_999)}`;
    const payment: IIamportPayment = {
      imp_uid,
      merchant_uid: input.merchant_uid,
      pay_method: input.pay_method ?? "card",
      channel: input.channel ?? "pc",
      // FAKE DIFFERS: fixed PG ("nice" test MID), fake pg_tid and receipt URLs
      pg_provider: input.pg_provider ?? "nice",
      emb_pg_provider: input.emb_pg_provider ?? null,
      pg_tid: `StdpayCARDnictest04m${randomInt(100_000_000, 999_999_999)}`,
      pg_id: "nictest04m",
      escrow: input.escrow ?? false,
      apply_num: input.apply_num ?? null,
      bank_code: input.bank_code ?? null,
      bank_name: input.bank_name ?? null,
      card_code: input.card_code ?? null,
      card_name: input.card_name ?? null,
      card_quota: input.card_quota ?? 0,
      card_number: input.card_number ?? null,
      card_type: input.card_type ?? null,
      vbank_code: input.vbank_code ?? null,
      vbank_name: input.vbank_name ?? null,
      vbank_num: input.vbank_num ?? null,
      vbank_holder: input.vbank_holder ?? null,
      vbank_date: input.vbank_date ?? 0,
      vbank_issued_at: input.vbank_issued_at ?? 0,
      name: input.name ?? null,
      amount: input.amount,
      cancel_amount: 0,
      currency: input.currency ?? "KRW",
      buyer_name: input.buyer_name ?? null,
      buyer_email: input.buyer_email ?? null,
      buyer_tel: input.buyer_tel ?? null,
      buyer_addr: input.buyer_addr ?? null,
      buyer_postcode: input.buyer_postcode ?? null,
      custom_data: input.custom_data ?? null,
      user_agent: input.channel === "api" ? "sorry_not_supported_anymore" : "Mozilla/5.0 (FakeIamport)",
      status: input.status ?? "ready",
      started_at: now,
      paid_at: input.paid_at ?? 0,
      failed_at: input.failed_at ?? 0,
      cancelled_at: 0,
      fail_reason: input.fail_reason ?? null,
      cancel_reason: null,
      receipt_url: `https://iniweb.inicis.com/receipt/${imp_uid}`,
      cancel_history: [],
      cancel_receipt_urls: [],
      cash_receipt_issued: false,
      customer_uid: input.customer_uid ?? null,
      customer_uid_usage: input.customer_uid_usage ?? null,
      // FAKE DIFFERS: marks fake objects; the real object has no such field
      sandbox: true,
    };
    const record: FakeIamportService.IPaymentRecord = { owner, payment, notice_url: input.notice_url ?? null };
    this.save(record);
    const k: string = key(owner, input.merchant_uid);
    this.orders.set(k, [...(this.orders.get(k) ?? []), imp_uid]);
    return record;
  }

  private notify(
    record: FakeIamportService.IPaymentRecord,
    extra: { cancellation_id?: string } = {},
  ): { url: string | null; body: IIamportWebhook } {
    const body: IIamportWebhook = {
      imp_uid: record.payment.imp_uid,
      merchant_uid: record.payment.merchant_uid,
      status: record.payment.status,
      ...extra,
    };
    const url: string | null = record.notice_url ?? this.config.webhookUrl();
    if (url !== null) this.config.deliver(url, body);
    return { url, body };
  }
}
export namespace FakeIamportService {
  /**
   * Magic card numbers (digits only; dashes are ignored).
   *
   * - `DECLINED`: a billing key can be issued, but every charge is declined
   *   (code 0, status "failed", fail_reason "한도 부족").
   * - `STOPPED`: a billing key can be issued, but every charge is declined for good
   *   ("[F036] 정지된 카드입니다.": a decline that does not recover).
   * - `INVALID`: billing key issue refused (code 1); a one-time charge is declined.
   * - `PG_ERROR`: the PG answers HTTP 500 (nothing is stored).
   * - `TIMEOUT`: the charge IS made (paid, webhook sent) but the answer never comes:
   *   the connection is held until `hangMs` and then dropped.
   * Any other well-formed number is approved.
   */
  export const CARDS = {
    DECLINED: "4000000000000002",
    STOPPED: "4000000000000036",
    INVALID: "4000000000000010",
    PG_ERROR: "4000000000000500",
    TIMEOUT: "4000000000000408",
  } as const;

  export interface IConfig {
    keys: () => { imp_key: string; imp_secret: string }[];
    now: () => Date;
    webhookUrl: () => string | null;
    deliver: (url: string, body: IIamportWebhook) => void;
    tokenTtlSeconds: number;
    capacity: number;
    ttlMs: number;
  }
  export interface IToken extends IIamportUser.IAccessToken {
    owner: string;
  }
  export interface IPaymentRecord {
    owner: string;
    payment: IIamportPayment;
    notice_url: string | null;
  }
  export interface ICustomerRecord {
    /** Kept only to decide magic-card outcomes; never answered. */
    digits: string;
    customer: IIamportCustomer;
  }
  /** Body of `POST /internal/payments/window`. */
  export interface IWindow {
    merchant_uid: string;
    amount: number & typia.tags.Type<"uint64">;
    /** Or an easy-pay service called directly (KG이니시스): the card registered in it pays. */
    pay_method?: "card" | "trans" | "vbank" | "kakaopay" | "naverpay" | "tosspay" | "payco";
    /** `IMP.request_pay({ escrow: true })`. */
    escrow?: boolean;
    name?: string;
    currency?: string;
    card_number?: string;
    card_quota?: number & typia.tags.Type<"uint32">;
    buyer_name?: string;
    buyer_email?: string;
    buyer_tel?: string;
    buyer_addr?: string;
    buyer_postcode?: string;
    custom_data?: string;
    notice_url?: string;
    /** vbank: bank code (also the bank of `trans`). */
    vbank_code?: string;
    /** vbank: deadline, unix seconds; default now + 3 days. */
    vbank_due?: number & typia.tags.Type<"uint64">;
    vbank_holder?: string;
  }
}
