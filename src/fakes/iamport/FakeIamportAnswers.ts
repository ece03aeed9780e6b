import { randomBytes } from "node:crypto";
import typia from "typia";

import type { IIamportResponse } from "../../api/structures/iamport/IIamportResponse";

/** The fake Iamport's answers (its `{code, message, response}` envelope) and the card and bank details it makes up. */

export interface Answer<T> {
  status: number;
  body: IIamportResponse<T | null>;
  /** Hold the connection instead of answering (magic TIMEOUT card). */
  hang?: boolean;
}

export const envelope = <T>(code: number, message: string | null, response: T): IIamportResponse<T> => ({
  code,
  message,
  response,
});
export const ok = <T>(response: T): Answer<T> => ({ status: 200, body: envelope(0, null, response) });
export const fail = (status: number, code: number, message: string): Answer<never> => ({
  status,
  body: envelope(code, message, null),
});
export const invalid = (errors: typia.IValidation.IError[]): Answer<never> =>
  fail(
    400,
    -1,
    "요청 파라메터가 올바르지 않습니다: " +
      errors.map((e) => `${e.path.replace(/^\$input\.?/, "") || "body"} (${e.expected})`).join(", "),
  );
export const key = (owner: string, id: string): string => `${owner}\0${id}`;
export const customerMissing = (uid: string): string =>
  `요청하신 customer_uid(${uid})로 등록된 정보를 찾을 수 없습니다.`;
export const randomId = (length: number): string =>
  randomBytes(length).toString("base64url").slice(0, length);
// FAKE DIFFERS: the real masking format varies by PG (e.g. `536181*********7`)
export const mask = (digits: string): string =>
  `${digits.slice(0, 4)}-${digits.slice(4, 6)}**-****-${digits.slice(-4)}`;
export const cardCode = (digits: string): string => (digits.startsWith("4") ? "366" : "361");
export const cardName = (digits: string): string => (digits.startsWith("4") ? "신한카드" : "BC카드");
export const BANKS: Record<string, string> = {
  "004": "KB국민은행",
  "011": "NH농협은행",
  "020": "우리은행",
  "081": "하나은행",
  "088": "신한은행",
  "090": "카카오뱅크",
};
