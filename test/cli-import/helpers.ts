/** Shared by the `cjet import` tests: fixture files on disk, a captured CLI, and workbook access. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { HyperFormula } from 'hyperformula';
import { runImportCommand } from '../../src/cli/import';
import { type CliRun, runCaptured, writeFiles } from '../fixtures/cli-run';
import { generateMonth, type MonthOptions } from '../fixtures/generate';

export { type CliRun, writeFiles };

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cjet-import-'));
}

export function monthFiles(dir: string, seed: number, options: MonthOptions = {}): string[] {
  return writeFiles(dir, generateMonth(seed, options).files);
}

export function cjetImport(args: string[]): Promise<CliRun> {
  return runCaptured(runImportCommand, args);
}

/** `--json` output of a run. */
export function summaryOf(run: CliRun) {
  return JSON.parse(run.stdout) as {
    summary: {
      tabs: Record<'orders' | 'fees' | 'fulfillment', Record<string, number>>;
      control: { file: string; match: boolean }[];
      commissionsMissing: number;
    };
  };
}

export function readBook(path: string): XLSX.WorkBook {
  return XLSX.read(readFileSync(path), { type: 'buffer', dense: true, cellFormula: true, cellNF: true });
}

export function writeBook(path: string, book: XLSX.WorkBook): void {
  writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

export function grid(book: XLSX.WorkBook, sheet: string): (XLSX.CellObject | undefined)[][] {
  const ws = book.Sheets[sheet];
  if (!ws) throw new Error(`no sheet ${sheet}`);
  return ws['!data'] as (XLSX.CellObject | undefined)[][];
}

/**
 * A spreadsheet engine over the workbook's cells: formulas as written, values as stored, the
 * workbook's defined names as named expressions. `onlyRows` limits which formula rows of a sheet
 * are evaluated (others keep their cached value), to keep the test fast.
 */
export function hyperFormulaOf(
  book: XLSX.WorkBook,
  onlyRows?: { sheet: string; rows: ReadonlySet<number> },
): HyperFormula {
  const sheets: Record<string, (string | number | boolean | null)[][]> = {};
  for (const name of book.SheetNames) {
    const data = (book.Sheets[name]?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
    sheets[name] = data.map((row, r) =>
      (row ?? []).map((cell) => {
        if (!cell) return null;
        const evaluate = !onlyRows || onlyRows.sheet !== name || onlyRows.rows.has(r);
        if (cell.f && evaluate) return `=${cell.f}`;
        if (cell.t === 'z' || cell.v === undefined) return null;
        return cell.v as string | number | boolean;
      }),
    );
  }
  const names = (book.Workbook?.Names ?? []).map((n) => ({ name: n.Name, expression: `=${n.Ref}` }));
  // Array arithmetic inside SUMPRODUCT, as spreadsheets evaluate it; values unrounded for display.
  return HyperFormula.buildFromSheets(
    sheets,
    { licenseKey: 'gpl-v3', useArrayArithmetic: true, smartRounding: false },
    names,
  );
}
