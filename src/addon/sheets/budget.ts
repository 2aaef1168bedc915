/**
 * How long a server call may work, and what the work it plans will cost.
 *
 * Google stops an execution after 6 minutes, whatever it was doing (apps-script-notes.md), and keeps
 * what it had written. So a call that may run long (removing many rows, refreshing the month close
 * over 150,000 lines) works in units, checks the clock between them, and stops in time; the dialog
 * calls again and the call resumes where the tabs say it stopped (every step finds by key what is
 * left to do). The clock is real time in Google (`Date.now()` from the start of the execution); the
 * Apps Script emulator advances `Date.now()` by its cost model (gas-emulator/README.md "Modelled
 * clock"), so the same code stops at the same point there, and a test can lower the budget.
 *
 * A unit is sized before it starts from the per-call and per-cell costs below — the emulator's cost
 * model (gas-emulator/README.md "Cost model", with its sources) — so that it fits in what is left.
 */

/** Milliseconds per unit of work in Google (the emulator's DEFAULT_COST_MODEL). */
export const SHEETS_COST = {
  callMs: 1.5,
  cellReadMs: 0.1,
  cellWrittenMs: 0.15,
  structuralEditMs: 100,
  flushMs: 30,
} as const;

/**
 * The time a call allows itself: 200 s, against Google's 360 s. Units are sized to end before it, so
 * an execution ends around 3½ minutes even when the last unit takes half again its estimate, and
 * never near the 6-minute limit (issue #9: every execution's modelled time < 4 minutes).
 */
export const CALL_BUDGET_MS = 200_000;

export class Deadline {
  private readonly start: number;

  constructor(
    readonly budgetMs: number = CALL_BUDGET_MS,
    private readonly now: () => number = () => Date.now(),
    start?: number,
  ) {
    this.start = start ?? now();
  }

  /** The same start with a lower budget (a request's `budgetMs`), never a higher one. */
  lowered(budgetMs: number | undefined): Deadline {
    if (budgetMs === undefined || budgetMs >= this.budgetMs) return this;
    return new Deadline(budgetMs, this.now, this.start);
  }

  elapsedMs(): number {
    return this.now() - this.start;
  }

  remainingMs(): number {
    return this.budgetMs - this.elapsedMs();
  }

  /** Would work estimated at `ms` still end inside the budget? */
  fits(ms: number): boolean {
    return ms <= this.remainingMs();
  }
}

/** A deadline that never comes (menu actions that do not resume, and tests of other things). */
export const NO_DEADLINE = new Deadline(Number.POSITIVE_INFINITY, () => 0, 0);
