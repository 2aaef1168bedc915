/**
 * The summary modules run in a bare V8 scope (Apps Script has no Node or DOM globals), bundled as
 * build.mjs bundles Code.js: a refresh through an in-memory port gives the same rows as in Node.
 */
import path from 'node:path';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryWorkbookPort } from '../../src/cli/export/memoryPort';
import { recordToRow } from '../../src/core/merge/cells';
import { FEES_TAB, FULFILLMENT_TAB, ORDERS_TAB } from '../../src/core/model/tabs';
import { refreshSummaries } from '../../src/core/summary/refresh';
import { sourcesFrom } from '../../src/core/summary/sources';
import { FEES, FULFILLMENT, ORDERS } from './dataset';

const root = path.resolve(__dirname, '../..');
let source = '';
const tables = {
  orders: ORDERS.map((r) => recordToRow(ORDERS_TAB, r)),
  fees: FEES.map((r) => recordToRow(FEES_TAB, r)),
  fulfillment: FULFILLMENT.map((r) => recordToRow(FULFILLMENT_TAB, r)),
};

beforeAll(async () => {
  const result = await esbuild.build({
    stdin: {
      contents: [
        "export { refreshSummaries } from './src/core/summary/refresh';",
        "export { sourcesFrom } from './src/core/summary/sources';",
        "export { MemoryWorkbookPort } from './src/cli/export/memoryPort';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: '__summary',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  source = result.outputFiles[0]!.text;
});

describe('summary modules in a bare V8 scope', () => {
  it('refresh the three tabs with none of the host globals, as in Node', () => {
    const context = vm.createContext({ input: JSON.parse(JSON.stringify(tables)) });
    vm.runInContext(source, context);
    const inVm = vm.runInContext(
      `(() => {
        const port = new __summary.MemoryWorkbookPort('ko');
        const r = __summary.refreshSummaries(port, {
          sources: __summary.sourcesFrom(input, []),
          importId: 'vm',
          months: ['2026-01', '2026-02'],
        });
        return JSON.stringify({ rows: r.tabs.map((t) => t.rows.map((row) => row.cells)), headline: r.headline });
      })()`,
      context,
    ) as string;
    const port = new MemoryWorkbookPort('ko');
    const r = refreshSummaries(port, {
      sources: sourcesFrom(tables, []),
      importId: 'node',
      months: ['2026-01', '2026-02'],
    });
    const inNode = { rows: r.tabs.map((t) => t.rows.map((row) => row.cells)), headline: r.headline };
    expect(JSON.parse(inVm)).toEqual(JSON.parse(JSON.stringify(inNode)));
    // 월마감, 세금계산서 대사, 정산 지급; then 원가 계산 (8 option × day pairs of the v2 lines) and 옵션별
    // 손익 (January: 501, 502, 503 + 미배정; February: 504–507 + 미배정).
    expect(inNode.rows.map((rows) => rows.length)).toEqual([8, 4, 5, 8, 9]);
  });
});
