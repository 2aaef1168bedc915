/**
 * Evaluates a workbook in LibreOffice Calc headless (Debian `libreoffice-calc-nogui`).
 *
 * The workbook is written as .xlsx, converted by `soffice --headless --convert-to xlsx` (which loads,
 * recalculates and saves it) and read back with SheetJS: the saved file holds LibreOffice's own
 * results, typed (numbers, strings, booleans, error cells).
 *
 * - Each run uses a fresh private profile (`-env:UserInstallation`), so parallel test files do not
 *   share LibreOffice's profile lock.
 * - The profile sets "recalculate on load: always" for .xlsx and ODF. LibreOffice's default for
 *   .xlsx keeps the cached values of the file (measured: `=1+1` cached as 99 came back as 99), so a
 *   stale or forged cached value would pass unnoticed.
 * - A run takes several seconds: batch every row of a test file into one workbook.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as XLSX from '@e965/xlsx';
import {
  type CellValue,
  EngineError,
  type EvaluatedBook,
  type EvaluateOptions,
  normaliseDates,
  toXlsx,
  type WorkbookInput,
  widthOf,
} from './workbook';

/** Calc's settings: 0 = always recalculate on load (1 = never, 2 = ask). */
const RECALC_ALWAYS_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

const TIMEOUT_MS = 100_000;

export function sofficePath(): string {
  const chosen = process.env.SOFFICE;
  if (chosen !== undefined && chosen !== '') {
    if (existsSync(chosen)) return chosen;
    throw new EngineError(`SOFFICE=${chosen} does not exist`);
  }
  for (const candidate of ['/usr/bin/soffice', '/usr/local/bin/soffice'])
    if (existsSync(candidate)) return candidate;
  throw new EngineError(
    'LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui, or set SOFFICE=/path/to/soffice',
  );
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout ends soffice.bin too, not only the /usr/bin/soffice wrapper.
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new EngineError(`LibreOffice did not finish within ${TIMEOUT_MS / 1000} s:\n${output}`));
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new EngineError(`could not start LibreOffice: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Loads .xlsx bytes in LibreOffice, recalculates every formula and returns the saved .xlsx
 * (formulas with LibreOffice's results as their cached values).
 */
export async function recalculateXlsx(bytes: Uint8Array): Promise<Uint8Array> {
  const soffice = sofficePath();
  const dir = await mkdtemp(join(tmpdir(), 'cjet-lo-'));
  try {
    const profile = join(dir, 'profile');
    await mkdir(join(profile, 'user'), { recursive: true });
    await writeFile(join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS_PROFILE);
    await mkdir(join(dir, 'in'));
    await mkdir(join(dir, 'out'));
    const input = join(dir, 'in', 'book.xlsx');
    await writeFile(input, bytes);
    const { code, output } = await run(soffice, [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'xlsx',
      '--outdir',
      join(dir, 'out'),
      input,
    ]);
    const result = join(dir, 'out', 'book.xlsx');
    // soffice exits 0 even when it could not load the file: the missing output is the signal.
    if (code !== 0 || !existsSync(result))
      throw new EngineError(`LibreOffice did not convert the workbook (exit ${code}):\n${output}`);
    return new Uint8Array(await readFile(result));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Excel's error codes, for an error cell SheetJS reads without its text. */
const ERROR_TEXT: Record<number, string> = {
  0: '#NULL!',
  7: '#DIV/0!',
  15: '#VALUE!',
  23: '#REF!',
  29: '#NAME?',
  36: '#NUM!',
  42: '#N/A',
};

function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (!cell || cell.t === 'z') return null;
  if (cell.t === 'e') return { error: cell.w ?? ERROR_TEXT[cell.v as number] ?? `#ERROR(${cell.v})` };
  if (cell.t === 'n') return cell.v as number;
  if (cell.t === 'b') return cell.v as boolean;
  if (cell.t === 's') return (cell.v as string | undefined) ?? '';
  throw new EngineError(`unexpected cell type ${cell.t} in LibreOffice's output`);
}

/** The values of a recalculated workbook, cut to the shape of `book`. */
export function valuesOf(
  saved: Uint8Array,
  book: WorkbookInput,
  options: EvaluateOptions = {},
): EvaluatedBook {
  const wb = XLSX.read(saved, { type: 'array', cellDates: false, cellFormula: false });
  const values: EvaluatedBook = {};
  for (const [name, rows] of Object.entries(book.sheets)) {
    const ws = wb.Sheets[name];
    if (!ws)
      throw new EngineError(`LibreOffice's output has no sheet "${name}" (has ${wb.SheetNames.join(', ')})`);
    const width = widthOf(rows);
    values[name] = rows.map((_, r) =>
      Array.from({ length: width }, (_, c) =>
        cellValue(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject),
      ),
    );
  }
  return normaliseDates(book, values, options);
}

/**
 * Evaluates `book` in LibreOffice. `poison` writes that number as every formula's cached value
 * (the harness's own test uses it to show the cached values are not what comes back).
 */
export async function evaluateInLibreOffice(
  book: WorkbookInput,
  options: EvaluateOptions & { poison?: number } = {},
): Promise<EvaluatedBook> {
  const bytes = XLSX.write(toXlsx(book, options.poison), { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
  return valuesOf(await recalculateXlsx(new Uint8Array(bytes)), book, options);
}
