/**
 * The core runs in a bare V8 scope: Apps Script has no setTimeout, TextDecoder, Buffer, process,
 * console… and neither does a fresh node:vm context. Bundle src/core/normalize.ts to an IIFE in
 * memory (as build.mjs does for Code.js) and run it there.
 */
import path from 'node:path';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NormalizeResult } from '../../src/core/model/records';
import { type NormalizeOptions, normalizeFiles } from '../../src/core/normalize';
import { generateMonth } from '../fixtures/generate';
import { CATEGORY_TR_HEADERS, categoryTrXlsx, cp949, csvText, decodeCp949, trRow } from './helpers';

type Core = {
  normalizeFiles: (
    inputs: { name: string; bytes: Uint8Array }[],
    options: NormalizeOptions,
  ) => NormalizeResult;
};

let source = '';

beforeAll(async () => {
  const result = await esbuild.build({
    entryPoints: [path.resolve(__dirname, '../../src/core/normalize.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__core',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  source = result.outputFiles[0]!.text;
});

function freshCore(): { core: Core; context: vm.Context } {
  const context = vm.createContext({});
  vm.runInContext(source, context, { filename: 'core.js' });
  return { core: context.__core as Core, context };
}

describe('core in a bare V8 scope', () => {
  it('has none of the host globals', () => {
    const { context } = freshCore();
    for (const name of ['setTimeout', 'TextDecoder', 'Buffer', 'process', 'require', 'window', 'self']) {
      expect(vm.runInContext(`typeof ${name}`, context), name).toBe('undefined');
    }
  });

  it('normalizes xlsx and CP949 CSV with bytes built inside the scope', () => {
    const { core, context } = freshCore();
    const xlsx = categoryTrXlsx([
      { orderId: '20250101000001', optionId: '95521944483', price: 1000, qty: 2 },
    ]);
    const csv = cp949(
      csvText([
        CATEGORY_TR_HEADERS,
        trRow({ orderId: '20250101000002', optionId: '1', price: 500, qty: 1 }).map((c) =>
          c === '스텐 냄비' ? '뷁 똠' : c,
        ),
      ]),
    );
    context.inputs = [
      { name: 'a.xlsx', bytes: Array.from(xlsx) },
      { name: 'b.csv', bytes: Array.from(csv) },
    ];
    // Bytes made in the scope's own realm, as the Apps Script shell does.
    const inputs = vm.runInContext(
      'inputs.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }))',
      context,
    );
    const result = core.normalizeFiles(inputs, { decodeCp949 });
    expect(result.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    expect(result.orders.map((o) => [o.order_id, o.gross_sales, o.product_name])).toEqual([
      ['20250101000001', 2000, '스텐 냄비'],
      ['20250101000002', 500, '뷁 똠'],
    ]);
    expect(result.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same result as in Node for a generated month', () => {
    const { core } = freshCore();
    const month = generateMonth(3, { ordersPerPeriod: 8 });
    const inputs = month.files.map((f) => ({ name: f.name, bytes: f.bytes }));
    const options = { decodeCp949, period: { start: '2025-01-01', end: '2025-01-31' } };
    const inVm = core.normalizeFiles(inputs, options);
    expect(inVm.problems.filter((p) => p.code === 'INTERNAL_ERROR')).toEqual([]);
    expect(inVm.files.every((f) => f.status === 'imported')).toBe(true);
    expect(inVm.orders.length + inVm.fulfillment.length).toBeGreaterThan(0);
    // Objects from the vm realm compare by value after a JSON round trip (what google.script.run does).
    expect(JSON.parse(JSON.stringify(inVm))).toEqual(
      JSON.parse(JSON.stringify(normalizeFiles(inputs, options))),
    );
  });
});
