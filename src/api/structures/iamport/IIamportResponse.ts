/**
 * The envelope every Iamport (PortOne V1) REST API answer is wrapped in.
 *
 * `code` is `0` on success. Business failures are often answered with HTTP 200 and a
 * non-zero `code` (e.g. `1`), auth failures with HTTP 401 and `code: -1`, so a caller must
 * check both the HTTP status and `code`.
 */
export interface IIamportResponse<T> {
  /** `0` on success, otherwise an error (`1`, `-1`, ...). */
  code: number;
  /** Human readable reason (Korean), `null` on success. */
  message: string | null;
  /** The payload, `null` on failure. */
  response: T;
}
