import { TypedBody, TypedRoute } from "@nestia/core";
import { Controller, Inject } from "@nestjs/common";

import type { ISandboxClock } from "../api/structures/ISandboxClock";
import { MonitorProvider } from "../providers/monitors/MonitorProvider";
import { SandboxClockProvider } from "../providers/monitors/SandboxClockProvider";
import { OperatorAuthorization } from "./OperatorAuthorization";

/** The sandbox's own controls, with the operator credential; 404 on a production server. */
@Controller("operator/sandbox")
export class OperatorSandboxController {
  public constructor(
    @Inject(MonitorProvider) private readonly monitors: MonitorProvider,
    @Inject(SandboxClockProvider) private readonly clock: SandboxClockProvider,
  ) {}

  /**
   * The sandbox clock billing schedules fall due by (and the fake PGs of `npm start` run on).
   *
   * @tag operator
   */
  @TypedRoute.Get("clock")
  public read(@OperatorAuthorization() authorization: string | null): ISandboxClock {
    this.monitors.authorize(authorization);
    return this.clock.read();
  }

  /**
   * Move the sandbox clock (`at`), or put it back on real time (`null`): schedules due by then
   * are charged by the workers' next run, as they would be on that day.
   *
   * @tag operator
   */
  @TypedRoute.Put("clock")
  public move(@OperatorAuthorization() authorization: string | null, @TypedBody() input: ISandboxClock.IMove): ISandboxClock {
    this.monitors.authorize(authorization);
    return this.clock.move(input);
  }
}
