import api from "../../src/api";
import { TestContext } from "../TestContext";

/**
 * The sandbox's clock, moved as an operator would (`PUT /operator/sandbox/clock`): the
 * server's time-driven work (schedules, retention) and the test program's fakes share it.
 */
export namespace SandboxClock {
  const operator = (ctx: TestContext) => ({ host: ctx.connection.host, headers: { Authorization: `Bearer ${ctx.config.operator_token}` } });

  /** Move to `at` (time runs on from there); null: back to real time. */
  export const moveTo = async (ctx: TestContext, at: Date | string | null): Promise<void> => {
    const moved = await api.functional.operator.sandbox.clock.move(operator(ctx), { at: at === null ? null : new Date(at).toISOString() });
    if (at !== null && Math.abs(new Date(moved.now).getTime() - new Date(at).getTime()) > 60_000) throw new Error(`the clock reads ${moved.now}, not ${String(at)}`);
  };

  /** Run `task`, then put the clock back to real time whatever happens. */
  export const withClock = async <T>(ctx: TestContext, task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } finally {
      await moveTo(ctx, null);
    }
  };
}
