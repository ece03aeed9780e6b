import { randomBytes, randomInt } from "node:crypto";

import { ITossPayment } from "../../api/structures/toss/ITossPayment";
import { FakeTossError } from "./FakeTossError";
import { FakeTossMagic } from "./FakeTossMagic";

/*
 * The parts of the fake Toss's payment objects (card, virtual account, amounts), its magic card
 * numbers, and the random ids it hands out.
 */

/** Magic card numbers (see FakeTossMagic). */
export const checkCard = (cardNumber: string): { hang: boolean } => {
  switch (cardNumber) {
    case FakeTossMagic.DECLINED_CARD:
      throw FakeTossError.REJECT_CARD_COMPANY();
    case FakeTossMagic.INVALID_CARD:
      throw FakeTossError.INVALID_CARD_NUMBER();
    case FakeTossMagic.STOPPED_CARD:
      throw FakeTossError.INVALID_STOPPED_CARD();
    case FakeTossMagic.LIMIT_CARD:
      throw FakeTossError.REJECT_CARD_PAYMENT();
    case FakeTossMagic.SERVER_ERROR_CARD:
      throw FakeTossError.FAILED_INTERNAL_SYSTEM_PROCESSING();
    default:
      // FAKE DIFFERS: no Luhn or expiry check; any other number is approved
      return { hang: cardNumber === FakeTossMagic.TIMEOUT_CARD };
  }
};

/** Supply value and VAT of the taxable part, in whole won (VAT = 1/11 of the taxable sum). */
export const vat = (amount: number, taxFree: number): { suppliedAmount: number; vat: number } => {
  const taxable: number = amount - taxFree;
  const tax: number = Math.round(taxable / 11);
  return { suppliedAmount: taxable - tax, vat: tax };
};

export const card = (amount: number, cardNumber: string, months: number): ITossPayment.ICard => ({
  amount,
  issuerCode: "41",
  acquirerCode: "41",
  number: maskCard(cardNumber),
  installmentPlanMonths: months,
  approveNo: digits(8),
  useCardPoint: false,
  cardType: "신용",
  ownerType: "개인",
  acquireStatus: "READY",
  isInterestFree: false,
  interestPayer: null,
});

/**
 * Toss takes a bank as its Korean name or its code, and answers with the code: responses
 * carry the two-digit code since 2022-11-16 (e.g. 신한 → "88").
 */
const BANK_CODES: Record<string, string> = {
  경남: "39", 광주: "34", 국민: "06", 기업: "03", 농협: "11", 단위농협: "12", 대구: "31", 부산: "32", 산업: "02",
  새마을: "45", 산림: "64", 수협: "07", 신한: "88", 신협: "48", 씨티: "27", 우리: "20", 우체국: "71", 저축: "50",
  전북: "37", 제주: "35", 카카오: "90", 케이: "89", 토스: "92", 하나: "81", SC제일: "23",
};
export const tossBankCode = (bank: string): string => BANK_CODES[bank] ?? bank;

export const virtualAccount = (bank: string, customerName: string, dueDate: string): ITossPayment.IVirtualAccount => ({
  accountType: "일반",
  accountNumber: "X" + digits(13),
  bankCode: tossBankCode(bank),
  customerName,
  dueDate,
  refundStatus: "NONE",
  expired: false,
  settlementStatus: "INCOMPLETED",
  refundReceiveAccount: null,
  depositorName: null,
});

/** Toss masks like `43301234****123*`. */
export const maskCard = (n: string): string => n.slice(0, 8) + "****" + n.slice(12, 15) + "*".repeat(Math.max(0, n.length - 15));
export const mask = (s: string, keep: number): string => s.slice(0, keep) + "*".repeat(Math.max(0, s.length - keep));

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const token = (length: number): string =>
  Array.from(randomBytes(length), (b) => ALPHABET[b % ALPHABET.length]).join("");
export const digits = (length: number): string => Array.from({ length }, () => randomInt(10)).join("");
export const transactionKey = (): string => randomBytes(16).toString("hex").toUpperCase();
export const clone = <T>(x: T): T => structuredClone(x);
