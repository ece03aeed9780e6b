import { TypedBody, TypedRoute } from "@nestia/core";
import { Controller, Inject } from "@nestjs/common";

import type { IAccessTrail } from "../api/structures/IAccessTrail";
import { AccessTrailProvider } from "../providers/audit/AccessTrailProvider";
import { MonitorProvider } from "../providers/monitors/MonitorProvider";
import { OperatorAuthorization } from "./OperatorAuthorization";

/**
 * The operator's view of the access trail: who read or changed which record. Plain JSON with
 * the operator credential (`Authorization: Bearer <OPERATOR_TOKEN>`), like the monitors; its
 * own reads go into the trail too.
 */
@Controller("operator/access-trail")
export class OperatorAuditController {
  public constructor(
    @Inject(MonitorProvider) private readonly monitors: MonitorProvider,
    @Inject(AccessTrailProvider) private readonly trail: AccessTrailProvider,
  ) {}

  /**
   * The trail of a period (at most 31 days) as CSV, oldest first, optionally for one record.
   * Operator credential required (401 OPERATOR_UNAUTHORIZED).
   *
   * @tag operator
   */
  @TypedRoute.Patch("csv")
  public csv(@OperatorAuthorization() authorization: string | null, @TypedBody() input: IAccessTrail.IRequest): Promise<IAccessTrail.ICsv> {
    this.monitors.authorize(authorization);
    return this.trail.csv(input);
  }

  /**
   * Check the whole chain (what `npm run audit:verify` does): every entry's hash over its
   * content and the hash before it. Operator credential required (401 OPERATOR_UNAUTHORIZED).
   *
   * @tag operator
   */
  @TypedRoute.Post("verify")
  public verify(@OperatorAuthorization() authorization: string | null): Promise<IAccessTrail.IVerification> {
    this.monitors.authorize(authorization);
    return this.trail.verify();
  }
}
