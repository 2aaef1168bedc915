/**
 * The close modules run in a bare V8 scope (Apps Script has no Node or DOM globals), bundled as
 * build.mjs bundles Code.js. The holiday package must arrive as plain data: only the three years we
 * import, no dynamic import(), nothing that touches a host global.
 */
import path from 'node:path';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HolidayCalendar } from '../../src/core/close/holidays';
import type { PayoutDates } from '../../src/core/close/payout';
import { PAYOUT_CASES, USER_2028_HOLIDAYS, WITH_USER_2028 } from './payout-table';

type Close = {
  holidayCalendar: (extra?: readonly string[]) => HolidayCalendar;
  payoutDates: (cycle: string | null, periodEnd: string, calendar: HolidayCalendar) => PayoutDates;
  firstPayoutDateFormula: (cells: { cycle: string; periodEnd: string }) => string;
};

const root = path.resolve(__dirname, '../..');
let source = '';

beforeAll(async () => {
  const result = await esbuild.build({
    stdin: {
      contents: [
        "export * from './src/core/close/holidays';",
        "export * from './src/core/close/business-days';",
        "export * from './src/core/close/payout';",
        "export * from './src/core/close/payout-formulas';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: '__close',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  source = result.outputFiles[0]!.text;
});

describe('close modules in a bare V8 scope', () => {
  it('bundle the three holiday years as data, and nothing else of the package', () => {
    expect(source).toContain('"2025-01-27"');
    expect(source).toContain('"2027-12-27"');
    expect(source).not.toContain('2024-'); // older years are tree-shaken
    expect(source).not.toMatch(/\bimport\(/);
    // Measured 15.1 KB unminified (4.6 KB gzip) for all four modules, of which the package's
    // three years are 3.9 KB; the bound only catches a whole library slipping in.
    expect(source.length).toBeLessThan(30_000);
  });

  it('compute the table’s dates with none of the host globals', () => {
    const context = vm.createContext({});
    vm.runInContext(source, context, { filename: 'close.js' });
    for (const name of ['setTimeout', 'TextDecoder', 'Buffer', 'process', 'require', 'window', 'self']) {
      expect(vm.runInContext(`typeof ${name}`, context), name).toBe('undefined');
    }
    const close = context.__close as Close;
    const calendar = close.holidayCalendar();
    for (const c of PAYOUT_CASES) {
      const result = JSON.parse(JSON.stringify(close.payoutDates(c.cycle, c.end, calendar)));
      expect([result.firstDate, result.secondDate], `${c.cycle} ${c.end}`).toEqual([c.first, c.second]);
    }
    const user = close.holidayCalendar(USER_2028_HOLIDAYS);
    const result = close.payoutDates(WITH_USER_2028.cycle, WITH_USER_2028.end, user);
    expect(result.ok && [result.firstDate, result.secondDate]).toEqual([
      WITH_USER_2028.first,
      WITH_USER_2028.second,
    ]);
    expect(close.firstPayoutDateFormula({ cycle: '$A2', periodEnd: '$B2' })).toMatch(/^=IF\(/);
  });
});
