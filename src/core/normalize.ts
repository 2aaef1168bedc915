/**
 * The core entry point: file bytes in, normalized records out.
 * Runs unchanged in the browser dialog, in Apps Script and on the command line; the host only
 * injects what differs between them (text decoding, hashing is pure).
 *
 *   normalizeFiles(inputs, options) → NormalizeResult
 * Pipeline per file: read (bytes → grids) → reports (recognise, locate headers, bind columns)
 * → map (v1 / v2 / fulfillment records, keys, VAT, controls); then shipping is attributed across
 * all files of the run. One bad row never sinks the other rows; one bad file never sinks the others.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { attributeShipping } from './map/attribute';
import { type FileContext, newFileContext } from './map/context';
import { mapFulfillment } from './map/fulfillment';
import { mapOrdersV1 } from './map/ordersV1';
import { mapOrdersV2 } from './map/ordersV2';
import { type PreparedSheet, prepareSheet } from './map/sheet';
import { listRows, makeProblem } from './messages';
import {
  type FeeRecord,
  type FileSummary,
  type FulfillmentRecord,
  type NormalizeResult,
  type OrderRecord,
  Period,
  type Problem,
  type ReportCode,
} from './model/records';
import { readCsv } from './read/csv';
import { baseName, readFileBytes } from './read/readFile';
import { recognize } from './reports/detect';
import { vendorIdFromFileName } from './reports/fileName';
import { recognizeForeign } from './reports/foreign';
import type { ReportDeclaration } from './reports/types';
import { isIsoDate } from './util/dates';
import { isBlankRow } from './util/text';

/** Re-exported for the merge step, which re-attributes fees against the orders already imported. */
export { attributeShipping } from './map/attribute';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** Decodes CSV bytes in a given legacy encoding. Browser: TextDecoder('euc-kr');
 *  Node: iconv-lite 'cp949' (Node's own euc-kr decoder corrupts CP949 syllables). */
export type DecodeCp949 = (bytes: Uint8Array) => string;

export interface NormalizeOptions {
  /** Required for v1 (판매분석) files, which carry no dates. */
  period?: Period;
  /** Per-file period for v1 files, by file name; overrides `period`. */
  periodsByFile?: Record<string, Period>;
  decodeCp949: DecodeCp949;
  /** Called with (done, total) rows while a large file is mapped. */
  onProgress?: (file: string, done: number, total: number) => void;
}

export type NormalizeFiles = (inputs: InputFile[], options: NormalizeOptions) => NormalizeResult;

/** Byte arrays may come from another realm (vm context, iframe): check the shape, not instanceof. */
const Bytes = z.custom<Uint8Array>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Uint8Array).byteLength === 'number' &&
    typeof (value as Uint8Array).subarray === 'function' &&
    (value as Uint8Array).BYTES_PER_ELEMENT === 1,
  { message: 'bytes must be a Uint8Array' },
);
const InputFileSchema = z.object({ name: z.string().min(1), bytes: Bytes });

/** File-level failures: the file as a whole was not imported. */
const FILE_FAILURES = new Set([
  'NOT_COUPANG',
  'NOT_ROCKET_GROWTH',
  'EMPTY_FILE',
  'TRUNCATED',
  'CORRUPT_FILE',
  'ENCRYPTED',
  'HTML_AS_XLS',
  'UNSUPPORTED_FORMAT',
  'NOT_XLSX',
  'SHEET_TOO_LARGE',
  'BAD_DELIMITER',
  'MIXED_PERIODS',
  'MISSING_COLUMN',
  'DUPLICATE_HEADER',
  'PERIOD_REQUIRED',
  'BAD_PERIOD',
  'UNKNOWN_FEE_LABEL',
  'INTERNAL_ERROR',
]);

interface FileOutcome {
  summary: FileSummary;
  orders: OrderRecord[];
  fees: FeeRecord[];
  fulfillment: FulfillmentRecord[];
  problems: Problem[];
}

function toBytes(value: Uint8Array): Uint8Array {
  // SheetJS rejects some typed-array views from other realms; a same-realm copy is cheap.
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}

function periodFor(name: string, options: NormalizeOptions): Period | undefined {
  return options.periodsByFile?.[name] ?? options.period;
}

function validPeriod(period: Period): boolean {
  return (
    Period.safeParse(period).success &&
    isIsoDate(period.start) &&
    isIsoDate(period.end) &&
    period.start <= period.end
  );
}

function summarize(
  file: string,
  hash: string,
  report: ReportCode | null,
  declaration: ReportDeclaration | null,
  context: FileContext,
  records: { orders: OrderRecord[]; fulfillment: FulfillmentRecord[] },
  period: Period | null,
  foreign: FileSummary['foreign_download'] = null,
): FileSummary {
  let start: string | null = period?.start ?? null;
  let end: string | null = period?.end ?? null;
  if (!period) {
    // v2 files: earliest date seen .. latest settlement period end.
    for (const record of [...records.orders, ...records.fulfillment]) {
      const last = record.period_end;
      const first =
        ('recognition_date' in record ? record.recognition_date : null) ??
        ('occurred_date' in record ? record.occurred_date : null) ??
        record.period_end;
      if (first !== null && (start === null || first < start)) start = first;
      if (last !== null && (end === null || last > end)) end = last;
    }
  }
  const failed =
    report === null || context.problems.some((p) => p.severity === 'error' && FILE_FAILURES.has(p.code));
  return {
    file,
    report,
    mapping_version: declaration?.version ?? null,
    sha256: hash,
    vendor_id: context.vendorId,
    foreign_download: foreign,
    period_start: start,
    period_end: end,
    rows_read: context.rowsRead,
    rows_accepted: context.rowsAccepted,
    rows_rejected: context.rowsRejected,
    rows_skipped: context.rowsSkipped,
    control: context.control,
    status: failed ? 'failed' : 'imported',
  };
}

function normalizeOne(input: InputFile, hash: string, options: NormalizeOptions): FileOutcome {
  const file = input.name;
  const context = newFileContext(
    file,
    options.onProgress ? (done, total) => options.onProgress?.(file, done, total) : undefined,
    vendorIdFromFileName(file),
  );
  const empty = {
    orders: [] as OrderRecord[],
    fees: [] as FeeRecord[],
    fulfillment: [] as FulfillmentRecord[],
  };
  /** Rows of sheets that repeat an earlier sheet of this file (part of rowsSkipped). */
  let duplicateRows = 0;
  const finish = (
    declaration: ReportDeclaration | null,
    records = empty,
    period: Period | null = null,
    foreign: FileSummary['foreign_download'] = null,
  ): FileOutcome => {
    // Progress always ends at 100 % (the mappers report every 5,000 rows on the way).
    context.onProgress?.(context.rowsRead, context.rowsRead);
    const summary = summarize(
      file,
      hash,
      declaration?.code ?? null,
      declaration,
      context,
      records,
      period,
      foreign,
    );
    const rejected = rejectedRows(context.problems);
    return {
      summary: {
        ...summary,
        ...(duplicateRows > 0 ? { rows_duplicate: duplicateRows } : {}),
        ...(rejected.length > 0 ? { rejected_rows: rejected } : {}),
      },
      ...records,
      problems: context.problems,
    };
  };

  const read = readFileBytes(file, toBytes(input.bytes), options.decodeCp949);
  if (!read.ok) {
    context.problems.push(
      makeProblem(read.code, 'error', { file }, { detail: read.detail, ...(read.params ?? {}) }),
    );
    return finish(null);
  }
  if (read.sheets.every((grid) => grid.rows.every((row) => isBlankRow(row)))) {
    context.problems.push(makeProblem('EMPTY_FILE', 'error', { file }));
    return finish(null);
  }
  // Another Coupang product's download (Marketplace): named as such before any layout is tried, so
  // its columns are never read as a Rocket Growth report; nothing is imported, no control is shown.
  const foreign = recognizeForeign(file, read.sheets);
  if (foreign) {
    const { declaration: known, sheet } = foreign;
    context.problems.push(
      makeProblem(
        'NOT_ROCKET_GROWTH',
        'error',
        { file, sheet },
        { label: known.labelKo, label_en: known.labelEn, code: known.code, sheet: sheet ?? '-' },
      ),
    );
    return finish(null, empty, null, known.code);
  }
  const recognition = recognize(file, read.sheets);
  const declaration = recognition.declaration;
  if (!declaration) {
    const delimiter = read.format === 'csv' ? otherDelimiter(file, input.bytes, options) : null;
    if (delimiter !== null) {
      context.problems.push(
        makeProblem('BAD_DELIMITER', 'error', { file, value: delimiter === '\t' ? 'TAB' : delimiter }),
      );
    } else if (recognition.unknownCfsLabel !== null) {
      context.problems.push(
        makeProblem('UNKNOWN_FEE_LABEL', 'error', { file, value: recognition.unknownCfsLabel }),
      );
    } else {
      context.problems.push(
        makeProblem(
          'NOT_COUPANG',
          'error',
          { file },
          { detail: `sheets: ${read.sheets.map((s) => s.name).join(', ')}` },
        ),
      );
    }
    return finish(null);
  }

  let period: Period | null = null;
  if (declaration.kind === 'orders-v1') {
    const given = periodFor(file, options);
    if (!given) {
      context.problems.push(makeProblem('PERIOD_REQUIRED', 'error', { file }));
      return finish(declaration);
    }
    if (!validPeriod(given)) {
      context.problems.push(
        makeProblem('BAD_PERIOD', 'error', { file, value: `${given.start}..${given.end}` }),
      );
      return finish(declaration);
    }
    period = given;
  }

  const prepared: PreparedSheet[] = [];
  for (const verdict of recognition.sheets) {
    if (verdict.kind === 'empty') continue;
    if (verdict.kind === 'skip') {
      // Its first non-blank row is taken as its header; the rows below it are skipped data rows.
      const count = Math.max(0, verdict.grid.rows.filter((row) => !isBlankRow(row)).length - 1);
      context.rowsRead += count;
      context.rowsSkipped += count;
      context.problems.push(
        makeProblem(
          'SHEET_SKIPPED',
          'info',
          { file, sheet: verdict.grid.name },
          { sheet: verdict.grid.name, count, detail: verdict.reasonKo, detail_en: verdict.reasonEn },
        ),
      );
      continue;
    }
    const sheet = prepareSheet(declaration, verdict.grid, verdict.header, context);
    if (!sheet) continue;
    // A copied sheet (the same header and rows as an earlier sheet of this file) is read once: its
    // rows would otherwise become new lines (the occurrence counter tells exact repeats apart).
    const twin = prepared.find((other) => sameRows(other, sheet));
    if (twin && sheet.dataRows.length > 0) {
      context.rowsSkipped += sheet.dataRows.length;
      duplicateRows += sheet.dataRows.length;
      context.problems.push(
        makeProblem(
          'DUPLICATE_SHEET',
          'warning',
          { file, sheet: sheet.grid.name },
          { sheet: sheet.grid.name, other: twin.grid.name, count: sheet.dataRows.length },
        ),
      );
      continue;
    }
    prepared.push(sheet);
  }

  if (prepared.length > 0 && prepared.every((sheet) => sheet.dataRows.length === 0)) {
    context.problems.push(
      makeProblem(
        'NO_DATA_ROWS',
        'warning',
        { file, sheet: prepared[0]!.grid.name },
        { report: declaration.labelKo, report_en: declaration.labelEn },
      ),
    );
  }

  switch (declaration.kind) {
    case 'orders-v2': {
      const { orders, fees } = mapOrdersV2(declaration, prepared, context);
      return finish(declaration, onePeriod(context, { orders, fees, fulfillment: [] }));
    }
    case 'orders-v1': {
      const { orders, fees } = mapOrdersV1(declaration, prepared, period!, context);
      return finish(declaration, { orders, fees, fulfillment: [] }, period);
    }
    case 'fulfillment': {
      const fulfillment = mapFulfillment(declaration, prepared, context);
      return finish(declaration, onePeriod(context, { orders: [], fees: [], fulfillment }));
    }
  }
}

/** Header and data rows of a sheet, row order ignored, for telling a copied sheet. */
const signatures = new WeakMap<PreparedSheet, string>();
function signature(sheet: PreparedSheet): string {
  let known = signatures.get(sheet);
  if (known === undefined) {
    const text = (row: unknown[] | undefined) => {
      const cells = [...(row ?? [])];
      while (cells.length > 0 && (cells[cells.length - 1] === null || cells[cells.length - 1] === ''))
        cells.pop();
      return JSON.stringify(cells);
    };
    const header = sheet.grid.rows.slice(sheet.header.headerRow, sheet.header.dataStart).map(text);
    const rows = sheet.dataRows.map((r) => text(sheet.grid.rows[r])).sort();
    known = JSON.stringify([header, rows]);
    signatures.set(sheet, known);
  }
  return known;
}

function sameRows(a: PreparedSheet, b: PreparedSheet): boolean {
  return a.dataRows.length === b.dataRows.length && signature(a) === signature(b);
}

/** `sheet!row` of the lines a file's problems say were not imported (the first 50). */
function rejectedRows(problems: readonly Problem[]): string[] {
  const rows = new Set<string>();
  for (const p of problems) {
    if (p.severity !== 'error' || p.row === null) continue;
    rows.add(p.sheet ? `${p.sheet}!${p.row}` : String(p.row));
    if (rows.size >= 50) break;
  }
  return [...rows];
}

type FileRecords = { orders: OrderRecord[]; fees: FeeRecord[]; fulfillment: FulfillmentRecord[] };

/**
 * A settlement report is one period (coupang-exports.md §1: "One settlement period per file"); the
 * merge replaces a period's rows per report, so a file mixing periods is refused as a whole
 * (MIXED_PERIODS), naming the rows that differ from the file's main period.
 */
function onePeriod(context: FileContext, records: FileRecords): FileRecords {
  const counts = new Map<string, number>();
  for (const record of [...records.orders, ...records.fulfillment]) {
    if (record.period_end !== null) counts.set(record.period_end, (counts.get(record.period_end) ?? 0) + 1);
  }
  if (counts.size <= 1) return records;
  const main = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const odd = [...records.orders, ...records.fulfillment]
    .filter((r) => r.period_end !== main)
    .map((r) => `${r.source_sheet}!${r.source_row}`);
  context.problems.push(
    makeProblem(
      'MIXED_PERIODS',
      'error',
      { file: context.file, column: '정산주기(종료일)', value: [...counts.keys()].sort().join(', ') },
      { rows: listRows([...new Set(odd)]) },
    ),
  );
  context.rowsRejected += context.rowsAccepted;
  context.rowsAccepted = 0;
  return { orders: [], fees: [], fulfillment: [] };
}

/** A CSV that no layout matched with commas: would it match with `;`, tab or `|`? */
function otherDelimiter(file: string, bytes: Uint8Array, options: NormalizeOptions): string | null {
  for (const delimiter of [';', '\t', '|']) {
    const read = readCsv(toBytes(bytes), baseName(file), options.decodeCp949, delimiter);
    if (read.ok && recognize(file, read.sheets).declaration) return delimiter;
  }
  return null;
}

export const normalizeFiles: NormalizeFiles = (inputs, options) => {
  const files: FileSummary[] = [];
  let orders: OrderRecord[] = [];
  const fees: FeeRecord[] = [];
  let fulfillment: FulfillmentRecord[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, FileSummary>();

  for (const [index, raw] of inputs.entries()) {
    const checked = InputFileSchema.safeParse(raw);
    const name = typeof raw?.name === 'string' && raw.name !== '' ? raw.name : `file #${index + 1}`;
    if (!checked.success) {
      const failure = makeProblem(
        'INTERNAL_ERROR',
        'error',
        { file: name },
        { detail: checked.error.issues[0]?.message },
      );
      problems.push(failure);
      files.push(emptySummary(name, ''));
      continue;
    }
    const input = checked.data;
    let hash = '';
    try {
      hash = bytesToHex(sha256(toBytes(input.bytes)));
      const earlier = seen.get(hash);
      if (earlier !== undefined) {
        // Same bytes twice in one run (e.g. downloaded twice): import once, say so.
        problems.push(makeProblem('DUPLICATE_FILE', 'warning', { file: input.name, value: earlier.file }));
        files.push({
          ...emptySummary(input.name, hash),
          report: earlier.report,
          mapping_version: earlier.mapping_version,
          foreign_download: earlier.foreign_download ?? null,
          status: earlier.status,
          duplicate_of: earlier.file,
        });
        continue;
      }
      const outcome = normalizeOne(input, hash, options);
      seen.set(hash, outcome.summary);
      files.push(outcome.summary);
      for (const record of outcome.orders) orders.push(record);
      for (const record of outcome.fees) fees.push(record);
      for (const record of outcome.fulfillment) fulfillment.push(record);
      for (const problem of outcome.problems) problems.push(problem);
    } catch (error) {
      // A bug must not sink the other files: report it against this file and carry on.
      const detail = error instanceof Error ? error.message : String(error);
      problems.push(makeProblem('INTERNAL_ERROR', 'error', { file: input.name }, { detail }));
      files.push(emptySummary(input.name, hash));
    }
  }

  ({ orders, fulfillment } = attributeShipping(orders, fulfillment));
  return { files, orders, fees, fulfillment, problems };
};

/** The summary of a file that could not be read at all. */
export function emptySummary(file: string, hash: string): FileSummary {
  return {
    file,
    report: null,
    mapping_version: null,
    sha256: hash,
    vendor_id: vendorIdFromFileName(file),
    foreign_download: null,
    period_start: null,
    period_end: null,
    rows_read: 0,
    rows_accepted: 0,
    rows_rejected: 0,
    rows_skipped: 0,
    control: [],
    status: 'failed',
  };
}
