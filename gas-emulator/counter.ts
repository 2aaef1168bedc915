/**
 * Per-execution service-call counter. Cost in Apps Script is dominated by the number of service
 * calls (apps-script-notes.md, "Performance"), so tests assert budgets on these counts.
 */
export interface CallCounts {
  total: number;
  /**
   * Calls made while the bundle's top-level code ran. Top-level code re-runs on every execution,
   * so this should be 0 (apps-script-notes.md, "Runtime (V8)").
   */
  topLevel: number;
  /** Keyed by 'Type.method', e.g. 'Range.setValues', 'SpreadsheetApp.flush'. */
  byMethod: Record<string, number>;
}

export class CallCounter {
  #total = 0;
  #topLevel = 0;
  /** True while the bundle's top-level code is being evaluated. */
  inTopLevel = false;
  readonly #byMethod = new Map<string, number>();

  count(key: string): void {
    this.#total += 1;
    if (this.inTopLevel) this.#topLevel += 1;
    this.#byMethod.set(key, (this.#byMethod.get(key) ?? 0) + 1);
  }

  snapshot(): CallCounts {
    const byMethod: Record<string, number> = {};
    for (const [key, n] of [...this.#byMethod].sort(([a], [b]) => a.localeCompare(b))) byMethod[key] = n;
    return { total: this.#total, topLevel: this.#topLevel, byMethod };
  }
}
