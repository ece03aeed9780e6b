import { tags } from "typia";

/**
 * Body of `POST /v1/billing/authorizations/issue`: exchange the one-time `authKey` the
 * billing auth window returned for a billing key.
 */
export interface ITossBillingIssue {
  authKey: string & tags.MaxLength<300>;
  customerKey: string & tags.MinLength<2> & tags.MaxLength<300>;
}
