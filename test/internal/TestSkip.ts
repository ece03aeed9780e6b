/**
 * Thrown by a scenario that cannot run on this set-up (e.g. two server processes on one
 * embedded PGlite folder). Counted and printed as skipped, never as passed.
 */
export class TestSkip extends Error {
  public constructor(reason: string) {
    super(reason);
    this.name = "TestSkip";
  }
}
