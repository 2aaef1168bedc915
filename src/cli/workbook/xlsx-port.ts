/**
 * The .xlsx adapter of the workbook port (command line). The workbook is read once into SheetJS's
 * dense cell grid (`@e965/xlsx` 0.20.3, with `cellFormula` and `cellNF` so the user's formulas and
 * number formats survive), changed in memory row by row, and written once.
 *
 * - Managed tabs are found by their defined name (`cjet_orders` …), which Excel and LibreOffice
 *   keep pointing at the sheet when the user renames it; by label otherwise.
 * - Managed cells are written with their type (IDs and text as string cells 's', money/int/rate as
 *   numbers with their format, dates as serial numbers formatted yyyy-mm-dd, booleans).
 * - Cells right of a table and the user-owned override column are never written; deleting a row
 *   removes the whole row so other rows keep theirs.
 * - Fees formulas are (re)written for every row at save time (row numbers move when rows are
 *   deleted) with cached values computed by the core, and the workbook asks Excel/LibreOffice to
 *   recalculate on load (`fullCalcOnLoad`). The header row is frozen. Both are patched into the
 *   XML because SheetJS CE does not write them.
 */
import * as zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { type Cell, canonicalCell } from '../../core/merge/cells';
import {
  formulaFor,
  parseRules,
  RULE_RANGE_NAMES,
  type RuleRangeKey,
  ruleRangeA1,
  ruleRangeLastRow,
  SETTINGS_HELPER_KEYS,
  settingsHelperFormula,
  settingsHelperValues,
} from '../../core/merge/commission';
import { cellFormula } from '../../core/merge/formulas';
import { fillCommissionCells } from '../../core/merge/plan';
import {
  type ColumnsRead,
  type RowSlice,
  SnapshotReads,
  type TableSnapshot,
  type WorkbookPort,
} from '../../core/merge/port';
import type { Lang } from '../../core/model/rpc';
import {
  ALL_TABS,
  type ColumnDef,
  columnIndex,
  columnLetter,
  FEES_TAB,
  type FormulaAt,
  headerRow,
  matchHeader,
  numberFormat,
  SETTINGS_TAB,
  type TabDef,
  type TabId,
  tabLabel,
  writeSegments,
} from '../../core/model/tabs';
import { isoDateTimeToSerial, isoToSerial } from '../../core/util/dates';

// Native deflate for the zip container (libraries.md: same bytes, much less time than pure JS).
XLSX.CFB.utils.use_zlib(zlib);
silenceDeprecation('DEP0108');

/**
 * SheetJS's zlib bridge reads `zlib.bytesRead`, which Node flags as DEP0108 on every inflate. The
 * value it reads is still right; the warning only alarms sellers. Every other warning passes through.
 */
function silenceDeprecation(code: string): void {
  // Node prints warnings through its own 'warning' listener; wrap the listeners, not emitWarning.
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.code === code) return;
    for (const print of printers) print(warning);
  });
}

/** Excel's limit on the characters of one cell. */
export const XLSX_MAX_CELL_CHARS = 32_767;

type Grid = (XLSX.CellObject | undefined)[][];

const definedName = (id: TabId) => `cjet_${id}`;

export class XlsxWorkbookPort implements WorkbookPort {
  readonly maxCellChars = XLSX_MAX_CELL_CHARS;
  private readonly book: XLSX.WorkBook;
  /** The managed sheets of the workbook by tab id: the import's tabs, and any other tab this port
   *  was given (the summary tabs) or that an earlier run named `cjet_<id>`. */
  private readonly managedSheets = new Map<TabId, string>();
  /** The definitions of the managed tabs this port knows (a tab found only by its name has none). */
  private readonly defs = new Map<TabId, TabDef>();
  /** Named ranges set through setNamedRange (name → reference). */
  private readonly extraNames = new Map<string, string>();
  /** Column and row reads, from a snapshot of the tab kept until the port writes to it. */
  private readonly reads = new SnapshotReads((tab) => this.read(tab));

  private constructor(
    book: XLSX.WorkBook,
    readonly lang: Lang,
  ) {
    this.book = book;
    for (const tab of ALL_TABS) {
      this.defs.set(tab.id, tab);
      const name = this.findSheet(tab);
      if (name) this.managedSheets.set(tab.id, name);
    }
    // Tabs of other modules (the month-close tabs) keep their sheet by defined name until used.
    for (const n of this.book.Workbook?.Names ?? []) {
      const id = /^cjet_([a-z_]+)$/.exec(n.Name)?.[1] as TabId | undefined;
      const sheet = /^'?(.*?)'?!/.exec(n.Ref)?.[1]?.replace(/''/g, "'");
      if (id && sheet && this.book.Sheets[sheet] && !this.managedSheets.has(id))
        this.managedSheets.set(id, sheet);
    }
  }

  /** Registers a tab definition given to the port, finding its sheet if there is one. */
  private know(tab: TabDef): void {
    if (this.defs.get(tab.id) === tab) return;
    this.defs.set(tab.id, tab);
    if (!this.managedSheets.has(tab.id)) {
      const name = this.findSheet(tab);
      if (name) this.managedSheets.set(tab.id, name);
    }
  }

  static create(lang: Lang): XlsxWorkbookPort {
    return new XlsxWorkbookPort(XLSX.utils.book_new(), lang);
  }

  static load(bytes: Uint8Array, lang: Lang): XlsxWorkbookPort {
    const book = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellFormula: true,
      cellNF: true,
      cellDates: false,
    });
    return new XlsxWorkbookPort(book, lang);
  }

  private findSheet(tab: TabDef): string | null {
    const name = this.book.Workbook?.Names?.find((n) => n.Name === definedName(tab.id));
    const match = name ? /^'?(.*?)'?!/.exec(name.Ref) : null;
    const byName = match ? (match[1] ?? '').replace(/''/g, "'") : null;
    if (byName && this.book.Sheets[byName]) return byName;
    for (const label of [tab.ko, tab.en]) if (this.book.Sheets[label]) return label;
    return null;
  }

  private grid(tab: TabDef): Grid {
    this.know(tab);
    const name = this.managedSheets.get(tab.id);
    const sheet = name ? this.book.Sheets[name] : undefined;
    if (!sheet) throw new Error(`tab ${tab.id} does not exist`);
    if (!sheet['!data']) sheet['!data'] = [];
    return sheet['!data'] as Grid;
  }

  hasTab(tab: TabDef): boolean {
    this.know(tab);
    return this.managedSheets.has(tab.id);
  }

  tabName(tab: TabDef): string {
    this.know(tab);
    return this.managedSheets.get(tab.id) ?? tabLabel(tab, this.lang);
  }

  ensureTab(tab: TabDef): boolean {
    this.know(tab);
    this.reads.invalidate(tab);
    const existing = this.managedSheets.get(tab.id);
    if (existing) {
      const grid = this.grid(tab);
      const match = matchHeader(
        tab,
        (grid[0] ?? []).map((c) => c?.v ?? null),
        this.lang,
      );
      if (match.status === 'mismatch') return false;
      if (match.status === 'upgrade') this.upgradeTab(tab, grid, match.present);
      if (match.status === 'upgrade' || match.relabel) {
        // The managed header labels in this import's language; cells right of the table untouched.
        const header = grid[0] ?? [];
        grid[0] = header;
        headerRow(tab, this.lang).forEach((label, c) => {
          header[c] = textCell(label);
        });
      }
      return true;
    }
    let name = tabLabel(tab, this.lang);
    for (let n = 2; this.book.Sheets[name]; n++) name = `${tabLabel(tab, this.lang)} (${n})`;
    const sheet: XLSX.WorkSheet = { '!data': [headerRow(tab, this.lang).map((v) => textCell(v))] };
    sheet['!cols'] = tab.columns.map((col) => ({ wch: columnWidth(col) }));
    XLSX.utils.book_append_sheet(this.book, sheet, name);
    this.managedSheets.set(tab.id, name);
    return true;
  }

  /**
   * A table of an older schema version: the missing columns are inserted right after column
   * `present` in every row, so the user's columns move right with their cells (values, formats,
   * formulas as written) and widths; merges right of the insertion move with them.
   */
  private upgradeTab(tab: TabDef, grid: Grid, present: number): void {
    const missing = tab.columns.length - present;
    for (const row of grid) {
      if (row && row.length > present) row.splice(present, 0, ...new Array<undefined>(missing));
    }
    const sheet = this.book.Sheets[this.managedSheets.get(tab.id) ?? ''];
    if (!sheet) return;
    const cols = sheet['!cols'];
    if (cols && cols.length > present) {
      cols.splice(present, 0, ...tab.columns.slice(present).map((col) => ({ wch: columnWidth(col) })));
    }
    for (const merge of sheet['!merges'] ?? []) {
      if (merge.s.c >= present) merge.s.c += missing;
      if (merge.e.c >= present) merge.e.c += missing;
    }
  }

  read(tab: TabDef): TableSnapshot {
    const grid = this.virtuallyUpgraded(tab, this.grid(tab));
    const header = (grid[0] ?? []).map((c) => userCell(c ? rawValue(c) : null));
    const rows: Cell[][] = [];
    const last = lastNonEmptyRow(grid);
    for (let r = 1; r <= last; r++) {
      const source = grid[r] ?? [];
      const row: Cell[] = [];
      const width = Math.max(source.length, tab.columns.length);
      for (let c = 0; c < width; c++) {
        const col = tab.columns[c];
        const cell = source[c];
        const raw = cell ? rawValue(cell) : null;
        row.push(col ? canonicalCell(col, raw) : userCell(raw));
      }
      rows.push(row);
    }
    return { header, rows };
  }

  /** A table not upgraded yet (a dry run) read as if it were: the missing columns blank, so a user
   *  column right of it is never taken for one of ours. The workbook itself is not changed. */
  private virtuallyUpgraded(tab: TabDef, grid: Grid): Grid {
    const match = matchHeader(
      tab,
      (grid[0] ?? []).map((c) => c?.v ?? null),
      this.lang,
    );
    if (match.status !== 'upgrade') return grid;
    const blanks = new Array<undefined>(tab.columns.length - match.present);
    return grid.map((row) =>
      row && row.length > match.present
        ? [...row.slice(0, match.present), ...blanks, ...row.slice(match.present)]
        : row,
    );
  }

  readColumns(tab: TabDef, keys: readonly string[], rows?: RowSlice): ColumnsRead {
    return this.reads.columns(tab, keys, rows);
  }

  readRows(
    tab: TabDef,
    indexes: readonly number[],
    keys: readonly string[],
    rightOfTable: boolean,
  ): Cell[][] {
    return this.reads.rows(tab, indexes, keys, rightOfTable);
  }

  writeColumn(tab: TabDef, column: number, firstIndex: number, values: readonly Cell[]): void {
    const grid = this.grid(tab);
    this.reads.invalidate(tab);
    const col = tab.columns[column];
    if (!col) return;
    values.forEach((value, i) => {
      const r = firstIndex + 1 + i;
      const target = grid[r] ?? [];
      grid[r] = target;
      target[column] = typedCell(col, value);
    });
  }

  writeRows(tab: TabDef, firstIndex: number, rows: readonly Cell[][]): void {
    const grid = this.grid(tab);
    this.reads.invalidate(tab);
    const segments = writeSegments(tab);
    rows.forEach((values, i) => {
      const r = firstIndex + 1 + i;
      const target = grid[r] ?? [];
      grid[r] = target;
      for (const { first, width } of segments) {
        for (let c = first; c < first + width; c++) {
          const col = tab.columns[c];
          if (col) target[c] = this.cellFor(col, values, c, r + 1);
        }
      }
    });
  }

  deleteRows(tab: TabDef, indexes: readonly number[]): boolean {
    const grid = this.grid(tab);
    this.reads.invalidate(tab);
    for (let k = indexes.length - 1; k >= 0; k--) grid.splice((indexes[k] ?? 0) + 1, 1);
    return true;
  }

  appendRows(tab: TabDef, rows: readonly Cell[][]): void {
    const grid = this.grid(tab);
    this.reads.invalidate(tab);
    grid.length = lastNonEmptyRow(grid) + 1;
    const segments = writeSegments(tab);
    for (const values of rows) {
      const row: (XLSX.CellObject | undefined)[] = [];
      const sheetRow = grid.length + 1;
      for (const { first, width } of segments) {
        for (let c = first; c < first + width; c++) {
          const col = tab.columns[c];
          if (col) row[c] = this.cellFor(col, values, c, sheetRow);
        }
      }
      grid.push(row);
    }
  }

  /**
   * A managed cell. A column with its own `formula` (the summary tabs) gets the formula of the row it
   * lands on with the core's value cached; the Fees and settings formulas are written at save, where
   * their rows have stopped moving.
   */
  private cellFor(
    col: ColumnDef,
    values: readonly Cell[],
    c: number,
    sheetRow: number,
  ): XLSX.CellObject | undefined {
    const value = values[c] ?? null;
    if (col.type !== 'formula' || !col.formula) return typedCell(col, value);
    const at: FormulaAt = { row: sheetRow, cells: values, lang: this.lang, tabName: (t) => this.tabName(t) };
    const formula = cellFormula(col, at);
    const cached = typedCell(col, value);
    if (formula === '') return cached;
    const cell: XLSX.CellObject = cached ?? { t: 's', v: '' };
    cell.f = xlsxFormulaText(formula);
    return cell;
  }

  setNamedRange(name: string, tab: TabDef, columnKey: string, firstRow: number, lastRow: number): void {
    const sheet = this.managedSheets.get(tab.id);
    if (!sheet) throw new Error(`tab ${tab.id} does not exist`);
    const letter = columnLetter(columnIndex(tab, columnKey) + 1);
    this.extraNames.set(name, `'${sheet.replace(/'/g, "''")}'!$${letter}$${firstRow}:$${letter}$${lastRow}`);
  }

  /** The workbook as .xlsx bytes. */
  save(): Uint8Array {
    this.refreshSettingsHelpers();
    const shared = this.refreshFeeFormulas();
    const ours = new Set<string>([...Object.values(RULE_RANGE_NAMES), ...this.extraNames.keys()]);
    const previous = this.book.Workbook?.Names ?? [];
    const names: { Name: string; Ref: string }[] = previous.filter(
      (n) => !n.Name.startsWith('cjet_') && !ours.has(n.Name),
    );
    for (const [id, name] of this.managedSheets) {
      const sheet = this.book.Sheets[name];
      if (!sheet) continue;
      const tab = this.defs.get(id);
      if (!tab) {
        // A tab this run did not touch: its name stays as it was.
        const kept = previous.find((n) => n.Name === definedName(id));
        if (kept) names.push({ Name: kept.Name, Ref: kept.Ref });
        continue;
      }
      const grid = this.grid(tab);
      grid.length = lastNonEmptyRow(grid) + 1;
      // A loop, not Math.max(...rows): 200,000 arguments overflow the stack.
      let width = tab.columns.length;
      for (const row of grid) width = Math.max(width, row?.length ?? 0);
      sheet['!ref'] = `A1:${columnLetter(width)}${Math.max(grid.length, 1)}`;
      const quoted = `'${name.replace(/'/g, "''")}'`;
      names.push({
        Name: definedName(tab.id),
        Ref: `${quoted}!$A$1:$${columnLetter(tab.columns.length)}$${Math.max(grid.length, 2)}`,
      });
    }
    const settings = this.managedSheets.get('settings');
    if (settings) {
      const quoted = `'${settings.replace(/'/g, "''")}'`;
      for (const [key, name] of Object.entries(RULE_RANGE_NAMES) as [RuleRangeKey, string][]) {
        names.push({ Name: name, Ref: `${quoted}!${ruleRangeA1(key, this.ruleLastRow)}` });
      }
    }
    for (const [Name, Ref] of this.extraNames) names.push({ Name, Ref });
    if (!this.book.Workbook) this.book.Workbook = {};
    this.book.Workbook.Names = names;
    // Uncompressed here: patchXml re-packs the zip once, compressed.
    const bytes = XLSX.write(this.book, {
      type: 'buffer',
      bookType: 'xlsx',
      bookSST: true,
      compression: false,
    });
    const frozen = [...this.managedSheets.values()].map((name) => this.book.SheetNames.indexOf(name));
    // Sheets whose formula columns cache text results (the summary tabs' 검증, blank dates).
    const inline = [...this.managedSheets]
      .filter(([id]) => this.defs.get(id)?.columns.some((col) => col.formula !== undefined))
      .map(([, name]) => this.book.SheetNames.indexOf(name));
    return patchXml(bytes as Uint8Array, frozen, shared, inline);
  }

  /** The last row of the rule ranges (set by refreshSettingsHelpers at save). */
  private ruleLastRow = ruleRangeLastRow(0);

  /** The settings tab's helper formulas for the rule rows in use plus the margin, cached from the
   *  rules as typed; helper cells of an earlier, larger range are removed. */
  private refreshSettingsHelpers(): void {
    if (!this.managedSheets.has('settings')) return;
    const grid = this.grid(SETTINGS_TAB);
    const typedWidth = columnIndex(SETTINGS_TAB, 'note') + 1;
    const table = this.read(SETTINGS_TAB);
    let used = 0;
    table.rows.forEach((row, i) => {
      if (row.slice(0, typedWidth).some((cell) => cell !== null && cell !== '')) used = i + 1;
    });
    const last = ruleRangeLastRow(used);
    this.ruleLastRow = last;
    const helperColumns = SETTINGS_HELPER_KEYS.map((key) => columnIndex(SETTINGS_TAB, key));
    for (let r = 1; r < Math.max(grid.length, last); r++) {
      const row = grid[r] ?? [];
      grid[r] = row;
      if (r >= last) {
        for (const c of helperColumns) row[c] = undefined;
        continue;
      }
      const cached = settingsHelperValues(table.rows[r - 1] ?? []);
      SETTINGS_HELPER_KEYS.forEach((key, k) => {
        const value = cached[key];
        const f = settingsHelperFormula(key, r + 1).slice(1);
        row[helperColumns[k]!] =
          typeof value === 'number' ? { t: 'n', v: value, f, z: '0' } : { t: 's', v: value, f };
      });
    }
  }

  /**
   * Every Fees row gets its formulas for its current row number (rows move when rows are deleted)
   * and cached values from the core. The formulas are the same on every row up to the row number,
   * so they are stored the way Excel stores a filled-down column: written once on the first row and
   * shared by the others (added to the XML by patchXml). 50,000 rows × ~1,000 characters would
   * otherwise make the sheet 50 MB larger.
   */
  private refreshFeeFormulas(): SharedFormulas | null {
    if (!this.managedSheets.has('fees')) return null;
    const rules = this.managedSheets.has('settings') ? parseRules(this.read(SETTINGS_TAB).rows) : [];
    const grid = this.grid(FEES_TAB);
    const table = this.read(FEES_TAB);
    const overrideColumn = columnIndex(FEES_TAB, 'commission_override');
    const rows = new Set<number>();
    let anchor = 0;
    let lastRow = 0;
    table.rows.forEach((row, i) => {
      if (row[0] === null) return;
      const sheetRow = i + 2;
      if (anchor === 0) anchor = sheetRow;
      lastRow = sheetRow;
      rows.add(sheetRow);
      const override = row[overrideColumn];
      fillCommissionCells(row, typeof override === 'number' ? override : null, rules);
      const target = grid[i + 1] ?? [];
      grid[i + 1] = target;
      FEES_TAB.columns.forEach((col, c) => {
        if (col.type !== 'formula') return;
        const cached = row[c] ?? null;
        const cell: XLSX.CellObject =
          typeof cached === 'number'
            ? { t: 'n', v: cached, z: numberFormat(col) }
            : { t: 's', v: cached === null ? '' : String(cached) };
        if (sheetRow === anchor) cell.f = (formulaFor(col.key, sheetRow) ?? '').slice(1);
        target[c] = cell;
      });
    });
    if (anchor === 0) return null;
    const columns = FEES_TAB.columns.flatMap((col, c) =>
      col.type === 'formula' ? [columnLetter(c + 1)] : [],
    );
    const name = this.managedSheets.get('fees') ?? '';
    return {
      sheetIndex: this.book.SheetNames.indexOf(name),
      columns,
      anchor,
      lastRow,
      rows,
    };
  }
}

/**
 * Formula text as .xlsx stores it: no leading `=`. Functions added after Excel 2007 would need the
 * `_xlfn.` prefix (LibreOffice and Excel read MAXIFS without it as #NAME?); the summary formulas use
 * none of them (src/core/summary/formula.ts), and a test fails if one appears.
 */
function xlsxFormulaText(formula: string): string {
  return formula.replace(/^=/, '');
}

function columnWidth(col: ColumnDef): number {
  return col.type === 'text' ? 24 : col.type === 'id' ? 18 : col.type === 'datetime' ? 19 : 13;
}

function textCell(value: string): XLSX.CellObject {
  return { t: 's', v: value };
}

/** A cell's value as the canonical conversion expects it (formula cells: their cached value). */
function rawValue(cell: XLSX.CellObject): unknown {
  if (cell.t === 'z' || cell.t === 'e') return null;
  return cell.v ?? null;
}

function userCell(raw: unknown): Cell {
  if (raw === null || raw === undefined) return null;
  return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
}

function typedCell(col: ColumnDef, value: Cell): XLSX.CellObject | undefined {
  if (value === null || value === '') return undefined;
  const z = numberFormat(col);
  const type = col.type === 'formula' ? (col.yields ?? 'text') : col.type;
  switch (type) {
    case 'id':
    case 'text':
      return { t: 's', v: String(value), z: '@' };
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? { t: 'n', v: isoToSerial(value), z }
        : { t: 's', v: String(value) };
    case 'datetime': {
      const serial = typeof value === 'string' ? isoDateTimeToSerial(value) : null;
      return serial === null ? { t: 's', v: String(value) } : { t: 'n', v: serial, z };
    }
    case 'bool':
      return typeof value === 'boolean' ? { t: 'b', v: value } : { t: 's', v: String(value) };
    default:
      return typeof value === 'number' ? { t: 'n', v: value, z } : { t: 's', v: String(value) };
  }
}

function lastNonEmptyRow(grid: Grid): number {
  for (let r = grid.length - 1; r >= 0; r--) {
    const row = grid[r];
    if (row?.some((c) => c !== undefined && c !== null && c.t !== 'z' && (c.v !== undefined || c.f)))
      return r;
  }
  return 0;
}

/** Adds what SheetJS CE does not write: recalc on load (workbook.xml) and the frozen header row of
 *  the managed sheets (sheetN.xml, N = 1-based sheet position as SheetJS writes them). */
/** Formula columns of the Fees sheet stored as Excel shared formulas (anchor row holds the text). */
interface SharedFormulas {
  sheetIndex: number;
  columns: string[];
  anchor: number;
  lastRow: number;
  rows: ReadonlySet<number>;
}

/** Turns the anchor formula of each column into a shared formula and points the other rows at it. */
function shareFormulas(xml: string, shared: SharedFormulas): string {
  let out = xml;
  shared.columns.forEach((letter, si) => {
    const anchorCell = new RegExp(`<c r="${letter}${shared.anchor}"([^>]*)><f>`);
    out = out.replace(
      anchorCell,
      `<c r="${letter}${shared.anchor}"$1><f t="shared" ref="${letter}${shared.anchor}:${letter}${shared.lastRow}" si="${si}">`,
    );
    const cell = new RegExp(`<c r="${letter}(\\d+)"([^>]*?)(/?)>`, 'g');
    out = out.replace(cell, (match, row: string, attributes: string, selfClosing: string) => {
      const n = Number(row);
      if (n === shared.anchor || !shared.rows.has(n)) return match;
      const f = `<f t="shared" si="${si}"/>`;
      return selfClosing ? `<c r="${letter}${row}"${attributes}>${f}</c>` : `${match}${f}`;
    });
  });
  return out;
}

/** The shared-string table as stored (XML-escaped text of each `<si>`), by index. */
function sharedStrings(cfb: ReturnType<typeof XLSX.CFB.read>): string[] {
  const entry = XLSX.CFB.find(cfb, '/xl/sharedStrings.xml');
  if (!entry) return [];
  const xml = new TextDecoder().decode(entry.content as Uint8Array);
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1] ?? '').join(''),
  );
}

/**
 * SheetJS stores a formula's cached text result as a shared-string index (`t="s"`). Excel writes
 * such results inline (`t="str"`), and readers that do not recalculate (exceljs, for one) read the
 * index as a number. Rewrite them the way Excel does.
 */
function inlineFormulaStrings(xml: string, strings: readonly string[]): string {
  return xml.replace(
    /<c ([^>]*?)t="s"([^>]*)>(<f\b(?:[^>]*\/>|[^>]*>[\s\S]*?<\/f>))<v>(\d+)<\/v><\/c>/g,
    (match, before: string, after: string, formula: string, index: string) => {
      const text = strings[Number(index)];
      return text === undefined ? match : `<c ${before}t="str"${after}>${formula}<v>${text}</v></c>`;
    },
  );
}

function patchXml(
  bytes: Uint8Array,
  frozenSheetIndexes: readonly number[],
  shared: SharedFormulas | null,
  inlineSheetIndexes: readonly number[] = [],
): Uint8Array {
  const cfb = XLSX.CFB.read(bytes, { type: 'buffer' });
  const edit = (path: string, change: (xml: string) => string) => {
    const entry = XLSX.CFB.find(cfb, path);
    if (!entry) return;
    const xml = new TextDecoder().decode(entry.content as Uint8Array);
    entry.content = new TextEncoder().encode(change(xml));
    entry.size = entry.content.length;
  };
  edit('/xl/workbook.xml', (xml) =>
    xml.includes('<calcPr')
      ? xml.replace(/<calcPr\b[^>]*\/>/, '<calcPr calcId="191029" fullCalcOnLoad="1"/>')
      : xml.replace('</workbook>', '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'),
  );
  for (const index of frozenSheetIndexes) {
    if (index < 0) continue;
    edit(`/xl/worksheets/sheet${index + 1}.xml`, (xml) =>
      xml.replace(
        /<sheetView ([^>]*?)\/>/,
        '<sheetView $1><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>',
      ),
    );
  }
  if (shared && shared.sheetIndex >= 0) {
    const strings = sharedStrings(cfb);
    edit(`/xl/worksheets/sheet${shared.sheetIndex + 1}.xml`, (xml) =>
      inlineFormulaStrings(shareFormulas(xml, shared), strings),
    );
  }
  if (inlineSheetIndexes.length > 0) {
    const strings = sharedStrings(cfb);
    for (const index of inlineSheetIndexes) {
      if (index < 0) continue;
      edit(`/xl/worksheets/sheet${index + 1}.xml`, (xml) => inlineFormulaStrings(xml, strings));
    }
  }
  return XLSX.CFB.write(cfb, { type: 'buffer', fileType: 'zip', compression: true }) as Uint8Array;
}
