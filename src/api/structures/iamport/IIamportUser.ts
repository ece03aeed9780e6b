/** Authentication of the Iamport REST API (`POST /users/getToken`). */
export namespace IIamportUser {
  /** Body of `POST /users/getToken` (JSON or form-urlencoded). */
  export interface IAccessor {
    /** REST API key of the store. */
    imp_key: string;
    /** REST API secret of the store. */
    imp_secret: string;
  }
  /**
   * An access token. Iamport answers the same token until it expires (30 minutes), and
   * extends a token that has less than a minute left by 5 minutes.
   */
  export interface IAccessToken {
    access_token: string;
    /** Server time, unix seconds. */
    now: number;
    /** Expiry, unix seconds. */
    expired_at: number;
  }
}
