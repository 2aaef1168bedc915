/**
 * Per-execution service-call counter. Cost in Apps Script is dominated by the number of service
 * calls (apps-script-notes.md, "Performance"), so tests assert budgets on these counts.
 */
export interface CallCounts {
  total: number;
  /** Keyed by 'Type.method', e.g. 'Range.setValues', 'SpreadsheetApp.flush'. */
  byMethod: Record<string, number>;
}

export class CallCounter {
  #total = 0;
  readonly #byMethod = new Map<string, number>();

  count(key: string): void {
    this.#total += 1;
    this.#byMethod.set(key, (this.#byMethod.get(key) ?? 0) + 1);
  }

  snapshot(): CallCounts {
    const byMethod: Record<string, number> = {};
    for (const [key, n] of [...this.#byMethod].sort(([a], [b]) => a.localeCompare(b))) byMethod[key] = n;
    return { total: this.#total, byMethod };
  }
}
