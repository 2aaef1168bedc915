/** The shared bad-input corpus (test/fixtures/bad-corpus.ts): each case yields its agreed code,
 *  at the agreed level, and the codes stay within the agreed list (test/fixtures/problem-codes.ts). */
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES as CORE_CODES } from '../../src/core/messages';
import { generateBadCorpus } from '../fixtures/bad-corpus';
import { PROBLEM_CODES } from '../fixtures/problem-codes';
import { run } from './helpers';

const corpus = generateBadCorpus();
const PERIOD = { start: '2025-01-01', end: '2025-01-31' };

describe('shared bad-input corpus', () => {
  it('uses only codes the core can report', () => {
    const core = new Set<string>(CORE_CODES);
    expect(PROBLEM_CODES.map((p) => p.code).filter((code) => !core.has(code))).toEqual([]);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = run({ name: c.name, bytes: c.bytes }, c.expect.withoutPeriod ? {} : { period: PERIOD });
    const summary = result.files[0]!;
    const problem = result.problems.find((p) => p.code === c.expect.code);
    expect(
      problem,
      `${c.expect.description}: got ${result.problems.map((p) => p.code).join(', ')}`,
    ).toBeDefined();
    if (c.expect.report !== undefined) expect(summary.report).toBe(c.expect.report);
    if (c.expect.sheet) expect(problem!.sheet).toBe(c.expect.sheet);
    if (c.expect.column) expect(problem!.column).toBe(c.expect.column);
    const records = result.orders.length + result.fulfillment.length;
    switch (c.expect.level) {
      case 'file':
        expect(records).toBe(0);
        expect(problem!.severity).not.toBe('info');
        break;
      case 'row':
        expect(problem!.row).toBe(c.expect.row);
        expect(records).toBeGreaterThan(0);
        expect(summary.status).toBe('imported');
        break;
      case 'warning':
        expect(problem!.severity).not.toBe('error');
        expect(summary.rows_rejected).toBe(0);
        expect(summary.status).toBe('imported');
        break;
    }
    expect(result.problems.some((p) => p.code === 'INTERNAL_ERROR')).toBe(false);
    expect(summary.rows_read).toBe(summary.rows_accepted + summary.rows_rejected + summary.rows_skipped);
  });
});
