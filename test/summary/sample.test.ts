/**
 * `npm start`: the bundled examples imported by `cjet import` (the same arguments as package.json's
 * start script). The three month-close tabs must exist, evaluate without an error in LibreOffice and
 * HyperFormula, and every 검증 cell must be ✓; the command's summary ends with the month's headline.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROFIT } from '../../src/core/summary/profit';
import { MONTH_CLOSE, PAYOUTS_TAB_DEF, TAX_INVOICES } from '../../src/core/summary/tabs';
import { cjetImport, tempDir } from '../cli-import/helpers';
import { type EvaluatedBook, evaluateInHyperFormula, fromXlsx, recalculateXlsx, valuesOf } from '../engines';
import { recordsOf } from './workbook';

// The month-close tabs and 옵션별 손익 (issue #12); its helper has no 검증 of its own (checked below).
const SHEETS = [MONTH_CLOSE.tab.ko, TAX_INVOICES.tab.ko, PAYOUTS_TAB_DEF.ko, PROFIT.tab.ko];
let stdout = '';
let json: { summary: { close?: { month: string; supplyTotal: { amount: number; ok: boolean } }[] } };
let engines: [string, EvaluatedBook][];

beforeAll(async () => {
  const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;
  expect(start).toContain('--period 2025-01-01..2025-01-31');
  const files = readdirSync('examples')
    .filter((f) => /\.(xlsx|csv)$/.test(f))
    .map((f) => join('examples', f));
  const out = join(tempDir(), 'cjet-sample.xlsx');
  const run = await cjetImport([...files, '--period', '2025-01-01..2025-01-31', '--out', out]);
  expect(run.code).toBe(0);
  stdout = run.stdout;
  const again = join(tempDir(), 'json.xlsx');
  json = JSON.parse(
    (await cjetImport([...files, '--period', '2025-01-01..2025-01-31', '--out', again, '--json'])).stdout,
  );
  const bytes = new Uint8Array(readFileSync(out));
  const input = fromXlsx(XLSX.read(bytes, { type: 'array', dense: true, cellFormula: true, cellNF: true }));
  engines = [
    ['HyperFormula', evaluateInHyperFormula(input)],
    ['LibreOffice', valuesOf(await recalculateXlsx(bytes), input)],
  ];
}, 300_000);

describe('npm start: the month-close tabs of the examples', () => {
  it('exist and evaluate without errors, every 검증 ✓, in both engines', () => {
    for (const [name, values] of engines) {
      for (const sheet of SHEETS) {
        const rows = recordsOf(values, sheet);
        expect(rows.length, `${name} ${sheet}`).toBeGreaterThan(1);
        for (const row of rows) {
          const errors = Object.values(row).filter((cell) => typeof cell === 'object' && cell !== null);
          expect(errors, `${name} ${sheet}`).toEqual([]);
          expect(row.검증, `${name} ${sheet} ${JSON.stringify(row)}`).toBe('✓');
        }
      }
    }
  });

  it('the same figures in both engines', () => {
    const [hf, lo] = engines.map(([, values]) => values) as [EvaluatedBook, EvaluatedBook];
    for (const sheet of [MONTH_CLOSE.tab.ko, TAX_INVOICES.tab.ko, PAYOUTS_TAB_DEF.ko])
      expect(lo[sheet], sheet).toEqual(hf[sheet]);
    // 옵션별 손익 and its helper: HyperFormula reads an ID text cell as the number it spells (the
    // harness's input, not the file: LibreOffice keeps the text), and LibreOffice rounds a ratio
    // (공헌이익률) to 15 significant digits.
    for (const sheet of [PROFIT.tab.ko, '원가 계산']) {
      const [a, b] = [hf[sheet]!, lo[sheet]!];
      expect(b.length, sheet).toBe(a.length);
      for (const [r, row] of a.entries())
        for (const [c, cell] of row.entries()) {
          const other = b[r]![c];
          if (typeof cell === 'number' && typeof other === 'number' && !Number.isInteger(cell))
            expect(other, `${sheet} r${r + 1} c${c + 1}`).toBeCloseTo(cell, 12);
          else if (typeof cell === 'number' && typeof other === 'string')
            expect(other, `${sheet} r${r + 1} c${c + 1}`).toBe(String(cell));
          else expect(other, `${sheet} r${r + 1} c${c + 1}`).toEqual(cell);
        }
    }
  });

  it('옵션별 손익 has a row per month and option, a 미배정 row, and the 원가 tab is there, empty', () => {
    for (const [name, values] of engines) {
      const rows = recordsOf(values, PROFIT.tab.ko);
      expect(
        rows.filter((r) => r.옵션ID === '미배정'),
        name,
      ).toHaveLength(1);
      expect(rows.filter((r) => r.옵션ID !== '미배정' && r.월 !== '합계').length, name).toBeGreaterThan(5);
      expect(rows.at(-1)!.월, name).toBe('합계');
      expect(recordsOf(values, '원가'), name).toEqual([]);
    }
  });

  it('the summary ends with January 2025: 공급대가, 세액, 판매수수료, CFS, 지급 예정액 with ✓', () => {
    const lines = stdout.trimEnd().split('\n');
    const headline = lines[lines.length - 1]!;
    expect(headline).toMatch(
      /^ {2}2025-01: 공급대가 supply total [\d,]+ ✓ · 세액 VAT [\d,]+ ✓ · 판매수수료 commission [\d,]+ ✓ · CFS [\d,]+ ✓ · 지급 예정액 expected payout [\d,]+ ✓$/,
    );
    expect(json.summary.close?.map((c) => c.month)).toEqual(['2025-01']);
    // The headline's 공급대가 is the 월마감 tab's (확정) figure of the month, as LibreOffice computes it.
    const [, lo] = engines[1]!;
    const confirmed = recordsOf(lo, MONTH_CLOSE.tab.ko).filter(
      (r) => r.구분 === '확정' && r.귀속월 !== '합계',
    );
    const supply = confirmed.reduce((t, r) => t + (typeof r.공급대가 === 'number' ? r.공급대가 : 0), 0);
    expect(json.summary.close?.[0]?.supplyTotal).toEqual({ amount: supply, ok: true });
    expect(headline).toContain(`공급대가 supply total ${supply.toLocaleString('en-US')} ✓`);
  });

  it('a dry run prints the same headline and writes nothing', async () => {
    const files = readdirSync('examples')
      .filter((f) => /\.(xlsx|csv)$/.test(f))
      .map((f) => join('examples', f));
    const out = join(tempDir(), 'dry.xlsx');
    const run = await cjetImport([...files, '--period', '2025-01-01..2025-01-31', '--out', out, '--dry-run']);
    expect(run.code).toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(stdout.trimEnd().split('\n').at(-1));
  });
});
