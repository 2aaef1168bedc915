/**
 * The SpreadsheetApp adapter of the workbook port. Every method is a handful of block calls
 * (getValues / setValues / setNumberFormats on whole rectangles), never one call per row or cell:
 * the cost of an Apps Script execution is its number of service calls (apps-script-notes.md).
 *
 * - A managed tab is found by an identity that survives renames: its developer metadata marker
 *   `cjet.tab = <tab id>`, else (the marker lost, e.g. the book went through an .xlsx download and
 *   upload) its header signature — row 1 names the tab's columns, in either language and any schema
 *   version (matchHeader) — else its label. Two sheets claiming one tab (a duplicated tab) is an
 *   ambiguity the server refuses before writing (AmbiguousTabError), never a guess or a second copy.
 *   Each table also has a named range `cjet_<tab id>`.
 * - Number formats are set on the block BEFORE its values: '@' makes Sheets keep IDs and text
 *   (also text beginning with = + - @) exactly as written instead of parsing it as typed input.
 * - Dates are written as 'YYYY-MM-DD' into date-formatted cells: Sheets turns them into that calendar
 *   day in the spreadsheet's own time zone, whatever it is. They are read back (as Date objects at
 *   midnight in that zone) with the zone from getSpreadsheetTimeZone(), never assumed.
 * - Every cell of the grid counts against the spreadsheet's 10,000,000 cells, empty or not: a new tab
 *   is exactly as wide as its table and, when rows arrive by import, two rows high (header and one
 *   blank row); the grid grows by exactly the rows appended. The user inserts columns for their own
 *   notes (they are the user's wherever they are right of the table).
 * - The grid is grown once per append; managed tabs are protected warning-only, leaving the
 *   override column and everything right of the table free over the whole grid (the free range is
 *   widened whenever the grid grows: a range set at creation does not follow rows added later).
 * - `insertSheet` makes the new sheet the active one: the user's sheet is brought back after.
 * - Reads (port.ts "Read discipline"): columns and rows in blocks, never a formula column (reading one
 *   waits for Sheets to recalculate it).
 * - Removals: one deleteRows per run of rows when the runs are few or far apart; rows scattered over
 *   the tab (a user sort) are removed by compaction — the rows that stay are moved up over the holes
 *   with `copyTo` (values, formats, formulas and the user's cells with their references, server-side:
 *   nothing read into the script) and one deleteRows removes the rows freed at the end of the window.
 *   A window is sized to the call's time budget (budget.ts); the rest is left for the next call.
 */
import { type Cell, canonicalCell } from '../../core/merge/cells';
import {
  RULE_RANGE_NAMES,
  ruleRangeLastRow,
  SCOPE_ORDER,
  SCOPE_WORDS,
  SETTINGS_HELPER_KEYS,
  settingsHelperFormula,
} from '../../core/merge/commission';
import { cellFormula } from '../../core/merge/formulas';
import type { ColumnsRead, RowSlice, TableSnapshot, WorkbookPort } from '../../core/merge/port';
import { notice, refusalMessage } from '../../core/messages';
import type { Lang } from '../../core/model/rpc';
import {
  ALL_TABS,
  type ColumnDef,
  columnIndex,
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
import { instantToIso, instantToIsoDateTime } from '../../core/util/dates';
import { type Deadline, NO_DEADLINE, SHEETS_COST } from './budget';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Protection = GoogleAppsScript.Spreadsheet.Protection;

export const METADATA_KEY = 'cjet.tab';
/** Rows of a new data tab (header + one blank row: Sheets keeps one); its grid grows by the rows appended. */
export const DATA_TAB_ROWS = 2;
/** A new sheet is 1000 × 26 (apps-script-notes.md): the other tabs keep that grid, and at least
 *  USER_COLUMNS_ROOM empty columns right of their table for the user's notes. */
export const OTHER_TAB_ROWS = 1000;
const NEW_SHEET_COLUMNS = 26;
export const USER_COLUMNS_ROOM = 4;
/** Apps Script's limit on the characters of one cell. */
export const SHEETS_MAX_CELL_CHARS = 50_000;

/** Tabs the adapter manages besides the six of tabs.ts (the hidden key staging sheet). */
export type SheetKey = TabId | 'staging';

/** Two or more sheets claim one managed tab: which one the import may write is not guessed. */
export class AmbiguousTabError extends Error {
  constructor(
    readonly tab: TabDef,
    readonly sheets: readonly string[],
  ) {
    // The catalogue's words, so that wherever it surfaces (a menu action) the seller can read it.
    super(
      refusalMessage('AMBIGUOUS_TAB', {
        tab: tab.ko,
        tab_en: tab.en,
        sheets: sheets.map((s) => `'${s}'`).join(', '),
      }),
    );
    this.name = 'AmbiguousTabError';
  }
}

function isDate(value: unknown): value is Date {
  // Cross-realm safe (the emulator's values come from another vm realm).
  return Object.prototype.toString.call(value) === '[object Date]';
}

export class SheetsWorkbookPort implements WorkbookPort {
  readonly maxCellChars = SHEETS_MAX_CELL_CHARS;
  private sheetsById: Map<string, Sheet> | null = null;
  /** Sheets by the tab id their marker names (more than one: a duplicated tab). */
  private marked: Map<string, Sheet[]> | null = null;
  /** Row 1 of the sheets without a marker, read once per execution for the header signature. */
  private unmarkedHeaders: { sheet: Sheet; header: unknown[] }[] | null = null;
  private readonly checkedHeaders = new Map<TabId, boolean>();
  private timeZone: string | null = null;
  /** The sheet the user had open when this execution first created a sheet. */
  private userSheet: Sheet | null = null;
  /** Row 1 of each managed tab and how many of today's columns it holds, read once per execution. */
  private readonly layouts = new Map<TabId, { header: unknown[]; present: number }>();

  constructor(
    readonly spreadsheet: Spreadsheet,
    readonly lang: Lang,
    /** When this execution must stop (removals are sized to it). */
    readonly deadline: Deadline = NO_DEADLINE,
  ) {}

  /** Managed sheets by tab id, resolved during this execution. */
  private index(): Map<string, Sheet> {
    if (!this.sheetsById) this.sheetsById = new Map();
    return this.sheetsById;
  }

  /** Every marker of the spreadsheet, read once per execution (one finder call). */
  private markers(): Map<string, Sheet[]> {
    if (this.marked) return this.marked;
    const found = new Map<string, Sheet[]>();
    for (const meta of this.spreadsheet.createDeveloperMetadataFinder().withKey(METADATA_KEY).find()) {
      const sheet = meta.getLocation().getSheet();
      const id = meta.getValue();
      if (!sheet || !id) continue;
      const claims = found.get(id) ?? [];
      if (!claims.some((s) => s.getSheetId() === sheet.getSheetId())) claims.push(sheet);
      found.set(id, claims);
    }
    this.marked = found;
    return found;
  }

  private isMarked(sheet: Sheet): boolean {
    for (const claims of this.markers().values())
      if (claims.some((s) => s.getSheetId() === sheet.getSheetId())) return true;
    return false;
  }

  /** Sheets without a marker whose row 1 is this tab's header (any language, any schema version). */
  private bySignature(tab: TabDef): Sheet[] {
    if (!this.unmarkedHeaders) {
      this.unmarkedHeaders = [];
      const widest = Math.max(...ALL_TABS.map((t) => t.columns.length));
      for (const sheet of this.spreadsheet.getSheets()) {
        if (this.isMarked(sheet)) continue;
        const width = Math.min(widest, sheet.getLastColumn());
        const header = width > 0 ? (sheet.getRange(1, 1, 1, width).getValues()[0] ?? []) : [];
        this.unmarkedHeaders.push({ sheet, header });
      }
    }
    return this.unmarkedHeaders
      .filter(({ header }) => matchHeader(tab, header, this.lang).status !== 'mismatch')
      .map(({ sheet }) => sheet);
  }

  /**
   * The sheet of a managed tab: by marker, else by header signature, else by label; adopted (marked)
   * when found without a marker. Throws AmbiguousTabError when two sheets claim it.
   */
  sheetFor(id: SheetKey, labels: readonly string[] = []): Sheet | null {
    const known = this.index().get(id);
    if (known) return known;
    const tab = ALL_TABS.find((t) => t.id === id);
    const claims = this.markers().get(id) ?? [];
    if (claims.length > 1 && tab)
      throw new AmbiguousTabError(
        tab,
        claims.map((s) => s.getName()),
      );
    let sheet: Sheet | null = claims[0] ?? null;
    if (!sheet && tab) {
      const signed = this.bySignature(tab);
      if (signed.length > 1)
        throw new AmbiguousTabError(
          tab,
          signed.map((s) => s.getName()),
        );
      sheet = signed[0] ?? null;
    }
    // A tab made before metadata existed, or by hand with the same name: adopt it by label (its
    // header is checked by ensureTab, which refuses a sheet that is not ours).
    for (const label of labels) {
      if (sheet) break;
      const named = this.spreadsheet.getSheetByName(label);
      if (named && !this.isMarked(named)) sheet = named;
    }
    if (!sheet) return null;
    if (claims.length === 0) {
      sheet.addDeveloperMetadata(METADATA_KEY, id);
      this.markers().set(id, [sheet]);
    }
    this.index().set(id, sheet);
    return sheet;
  }

  /** Managed tabs two sheets claim, checked before anything is written (the server refuses). */
  ambiguousTabs(): AmbiguousTabError[] {
    const found: AmbiguousTabError[] = [];
    for (const tab of ALL_TABS) {
      try {
        this.sheetFor(tab.id, [tab.ko, tab.en]);
      } catch (error) {
        if (error instanceof AmbiguousTabError) found.push(error);
        else throw error;
      }
    }
    return found;
  }

  private sheet(tab: TabDef): Sheet {
    const sheet = this.sheetFor(tab.id, [tab.ko, tab.en]);
    if (!sheet) throw new Error(`tab ${tab.id} does not exist`);
    return sheet;
  }

  hasTab(tab: TabDef): boolean {
    return this.sheetFor(tab.id, [tab.ko, tab.en]) !== null;
  }

  tabName(tab: TabDef): string {
    return this.sheetFor(tab.id, [tab.ko, tab.en])?.getName() ?? tabLabel(tab, this.lang);
  }

  spreadsheetTimeZone(): string {
    if (this.timeZone === null) this.timeZone = this.spreadsheet.getSpreadsheetTimeZone();
    return this.timeZone;
  }

  ensureTab(tab: TabDef): boolean {
    const cached = this.checkedHeaders.get(tab.id);
    if (cached !== undefined) return cached;
    const existing = this.sheetFor(tab.id, [tab.ko, tab.en]);
    let ok = true;
    if (existing) {
      // Only the first N cells decide (matchHeader); an older, narrower grid may hold fewer.
      const width = Math.min(tab.columns.length, existing.getMaxColumns());
      const header = existing.getRange(1, 1, 1, width).getValues()[0] ?? [];
      const match = matchHeader(tab, header, this.lang);
      ok = match.status !== 'mismatch';
      if (match.status === 'upgrade') this.upgradeTab(tab, existing, match.present);
      else if (match.status === 'current' && match.relabel) this.writeHeader(tab, existing);
    } else {
      this.createTab(tab);
    }
    if (ok && tab.id === 'settings') this.refreshRuleRanges();
    this.checkedHeaders.set(tab.id, ok);
    return ok;
  }

  /** Cells the schema upgrade of this tab will add (its missing columns × its rows), 0 when none:
   *  counted before anything is written, against the spreadsheet's cell limit. */
  upgradeCells(tab: TabDef): number {
    const sheet = this.sheetFor(tab.id, [tab.ko, tab.en]);
    if (!sheet) return 0;
    const width = Math.min(tab.columns.length, sheet.getMaxColumns());
    const match = matchHeader(tab, sheet.getRange(1, 1, 1, width).getValues()[0] ?? [], this.lang);
    return match.status === 'upgrade' ? (tab.columns.length - match.present) * sheet.getMaxRows() : 0;
  }

  /** The managed header labels in this import's language (columns 1..N only: never a user column). */
  private writeHeader(tab: TabDef, sheet: Sheet): void {
    this.layouts.delete(tab.id);
    const header = sheet.getRange(1, 1, 1, tab.columns.length);
    header.setNumberFormat('@');
    header.setValues([headerRow(tab, this.lang)]);
  }

  /**
   * A table of an older schema version (normalized-tabs.md "Columns added in schema version 2"): the
   * missing columns are inserted right after column `present`, so the user's columns move right with
   * their content and cells (Sheets moves them, and their formulas' references); then the header is
   * relabelled, the new columns typed, the named range widened and the protection's free columns
   * (the override, everything right of the table) set again.
   */
  private upgradeTab(tab: TabDef, sheet: Sheet, present: number): void {
    this.layouts.delete(tab.id);
    const missing = tab.columns.length - present;
    sheet.insertColumnsAfter(present, missing);
    this.writeHeader(tab, sheet);
    sheet.getRange(1, present + 1, 1, missing).setFontWeight('bold');
    const rows = sheet.getMaxRows() - 1;
    if (rows > 0) {
      const formats = tab.columns.slice(present).map((col) => numberFormat(col));
      sheet
        .getRange(2, present + 1, rows, missing)
        .setNumberFormats(Array.from({ length: rows }, () => formats));
    }
    this.spreadsheet.setNamedRange(
      `cjet_${tab.id}`,
      sheet.getRange(1, 1, sheet.getMaxRows(), tab.columns.length),
    );
    if (tab.protect) {
      this.freeUserColumns(tab, sheet);
    }
  }

  /** What stays editable on a protected managed tab: user-owned columns and everything right of it. */
  private freeRanges(tab: TabDef, sheet: Sheet): GoogleAppsScript.Spreadsheet.Range[] {
    const rows = sheet.getMaxRows();
    const ranges: GoogleAppsScript.Spreadsheet.Range[] = [];
    tab.columns.forEach((col, c) => {
      if (col.userOwned) ranges.push(sheet.getRange(1, c + 1, rows, 1));
    });
    const right = sheet.getMaxColumns() - tab.columns.length;
    if (right > 0) ranges.push(sheet.getRange(1, tab.columns.length + 1, rows, right));
    return ranges;
  }

  /**
   * The rule helper formulas and the named ranges the Fees formulas read (RULE_RANGE_NAMES), sized to
   * the rule rows in use plus a margin (src/core/merge/commission.ts): refreshed once per execution
   * that touches the settings tab, so rules a seller added below the old range are picked up.
   */
  private refreshRuleRanges(): void {
    const sheet = this.sheet(SETTINGS_TAB);
    const typedWidth = columnIndex(SETTINGS_TAB, 'note') + 1;
    const lastRow = sheet.getLastRow();
    let used = 0;
    if (lastRow >= 2) {
      // Only the typed columns count: the helper formulas fill the margin rows themselves.
      const typed = sheet.getRange(2, 1, lastRow - 1, typedWidth).getValues();
      for (let i = typed.length - 1; i >= 0 && used === 0; i--) {
        if ((typed[i] ?? []).some((v) => v !== '' && v !== null)) used = i + 1;
      }
    }
    const last = ruleRangeLastRow(used);
    const previous = this.spreadsheet.getRangeByName(RULE_RANGE_NAMES.rank_key);
    const previousLast = previous ? previous.getLastRow() : 0;
    const grows = sheet.getMaxRows() < last;
    if (grows) sheet.insertRowsAfter(sheet.getMaxRows(), last - sheet.getMaxRows());
    if (grows || sheet.getRange(2, 1).getDataValidation() === null) this.scopeDropdown(sheet);
    // Already sized for these rules (the usual case for every chunk after the first): nothing to do.
    if (previousLast === last) return;
    const first = columnIndex(SETTINGS_TAB, SETTINGS_HELPER_KEYS[0]);
    const width = SETTINGS_HELPER_KEYS.length;
    const helpers = Array.from({ length: last - 1 }, (_, i) =>
      SETTINGS_HELPER_KEYS.map((key) => settingsHelperFormula(key, i + 2)),
    );
    const helperRange = sheet.getRange(2, first + 1, helpers.length, width);
    helperRange.setNumberFormats(
      helpers.map(() =>
        SETTINGS_HELPER_KEYS.map((key) =>
          numberFormat(SETTINGS_TAB.columns[columnIndex(SETTINGS_TAB, key)]!),
        ),
      ),
    );
    helperRange.setValues(helpers);
    // Helper rows of an earlier, larger range would keep ranking rules nobody sees: clear them.
    if (previousLast > last) sheet.getRange(last + 1, first + 1, previousLast - last, width).clearContent();
    for (const key of Object.keys(RULE_RANGE_NAMES) as (keyof typeof RULE_RANGE_NAMES)[]) {
      const column = columnIndex(SETTINGS_TAB, key) + 1;
      this.spreadsheet.setNamedRange(RULE_RANGE_NAMES[key], sheet.getRange(2, column, last - 1, 1));
    }
  }

  /** 범위 (scope) as a dropdown of the words the rules accept, Korean first, over the whole column. */
  private scopeDropdown(sheet: Sheet): void {
    const words = SCOPE_ORDER.flatMap((scope) => [SCOPE_WORDS[scope][0]!]);
    const codes = SCOPE_ORDER.flatMap((scope) => SCOPE_WORDS[scope].slice(1));
    const rule = SpreadsheetApp.newDataValidation()
      .requireValueInList([...words, ...codes], true)
      .setAllowInvalid(false)
      .setHelpText(notice('SCOPE_HELP'))
      .build();
    const column = columnIndex(SETTINGS_TAB, 'scope') + 1;
    sheet.getRange(2, column, sheet.getMaxRows() - 1, 1).setDataValidation(rule);
  }

  /** A new last sheet, without moving the user off the sheet they had open (insertSheet would). */
  insertSheet(name: string): Sheet {
    this.userSheet ??= this.spreadsheet.getActiveSheet();
    const sheet = this.spreadsheet.insertSheet(name, this.spreadsheet.getNumSheets());
    this.spreadsheet.setActiveSheet(this.userSheet);
    return sheet;
  }

  private createTab(tab: TabDef): Sheet {
    let name = tabLabel(tab, this.lang);
    for (let n = 2; this.spreadsheet.getSheetByName(name); n++) name = `${tabLabel(tab, this.lang)} (${n})`;
    const sheet = this.insertSheet(name);
    const width = tab.columns.length;
    // A data tab is exactly its table (every cell of the grid counts against the spreadsheet's limit,
    // and these hold a row per order line); the other tabs are small and keep room for the user.
    fitGrid(sheet, newTabRows(tab), newTabColumns(tab));
    const header = sheet.getRange(1, 1, 1, width);
    header.setNumberFormat('@');
    header.setValues([headerRow(tab, this.lang)]);
    header.setFontWeight('bold');
    sheet.setFrozenRows(1);
    // Formats of the whole (empty) grid, so even cells a user types into are typed right.
    const rows = sheet.getMaxRows() - 1;
    if (rows > 0) {
      const formats = tab.columns.map((col) => numberFormat(col));
      sheet.getRange(2, 1, rows, width).setNumberFormats(Array.from({ length: rows }, () => formats));
    }
    sheet.addDeveloperMetadata(METADATA_KEY, tab.id);
    this.markers().set(tab.id, [sheet]);
    this.layouts.set(tab.id, { header: headerRow(tab, this.lang), present: width });
    this.spreadsheet.setNamedRange(`cjet_${tab.id}`, sheet.getRange(1, 1, sheet.getMaxRows(), width));
    if (tab.protect) {
      const protection = sheet.protect().setWarningOnly(true);
      protection.setDescription('cjet: 가져오기가 관리하는 탭 / managed by the importer');
      this.freeUserColumns(tab, sheet, protection);
    }
    this.index().set(tab.id, sheet);
    return sheet;
  }

  /** The user-owned columns and everything right of the table stay unprotected over the WHOLE grid;
   *  called again after the grid grew. */
  private freeUserColumns(tab: TabDef, sheet: Sheet, protection?: Protection): void {
    if (!tab.protect || !tab.columns.some((col) => col.userOwned)) return;
    const target = protection ?? sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)[0];
    target?.setUnprotectedRanges(this.freeRanges(tab, sheet));
  }

  /** Row 1 of a managed tab and how many of today's columns it holds (fewer: an older schema version
   *  not upgraded yet, read as if it were: the missing columns blank, so a user column right of it is
   *  never taken for one of ours). */
  private layout(tab: TabDef, sheet: Sheet): { header: unknown[]; present: number } {
    let layout = this.layouts.get(tab.id);
    if (!layout) {
      const width = Math.min(Math.max(sheet.getLastColumn(), tab.columns.length), sheet.getMaxColumns());
      const header = width > 0 ? (sheet.getRange(1, 1, 1, width).getValues()[0] ?? []) : [];
      const match = matchHeader(tab, header, this.lang);
      layout = { header, present: match.status === 'upgrade' ? match.present : tab.columns.length };
      this.layouts.set(tab.id, layout);
    }
    return layout;
  }

  /** The sheet column (0-based) of logical column `c` (managed, then the user's right of it). */
  private physical(tab: TabDef, present: number, c: number): number | null {
    if (c < present) return c;
    if (c < tab.columns.length) return null;
    return c - (tab.columns.length - present);
  }

  /** A value read from the sheet → canonical cell (dates in the spreadsheet's own time zone). */
  private cellFrom(col: ColumnDef | undefined, value: unknown): Cell {
    const raw = !isDate(value)
      ? value
      : col?.type === 'datetime'
        ? this.dateTimeToIso(value as Date)
        : this.dateToIso(value as Date);
    return col ? canonicalCell(col, raw) : this.userCell(raw);
  }

  /**
   * The whole table (small tabs: settings, log, the month-close tabs), formula columns left blank:
   * reading them would make Sheets recalculate them first, and nothing needs their values.
   */
  read(tab: TabDef): TableSnapshot {
    const sheet = this.sheet(tab);
    const lastRow = sheet.getLastRow();
    if (lastRow < 1) return { header: [], rows: [] };
    const { header: rawHeader, present } = this.layout(tab, sheet);
    const physicalWidth = Math.min(Math.max(sheet.getLastColumn(), present), sheet.getMaxColumns());
    const logicalWidth = physicalWidth + (tab.columns.length - present);
    const wanted: number[] = [];
    for (let c = 0; c < logicalWidth; c++) if (tab.columns[c]?.type !== 'formula') wanted.push(c);
    const rows = this.readBlock(tab, sheet, present, [[0, lastRow - 1]], wanted, logicalWidth);
    const header = Array.from({ length: logicalWidth }, (_, c) => {
      const p = this.physical(tab, present, c);
      return p === null ? null : this.userCell(rawHeader[p]);
    });
    return { header, rows: rows.slice(1).map((row) => row.slice(0, logicalWidth)) };
  }

  readColumns(tab: TabDef, keys: readonly string[], slice?: RowSlice): ColumnsRead {
    const sheet = this.sheet(tab);
    const { header, present } = this.layout(tab, sheet);
    const size = Math.max(0, sheet.getLastRow() - 1);
    const wanted = keys.map((key) => columnIndex(tab, key));
    const from = Math.min(size, slice?.from ?? 0);
    const count = Math.min(size - from, slice?.count ?? size);
    const rows =
      count > 0
        ? this.readBlock(tab, sheet, present, [[from + 1, from + count]], wanted, tab.columns.length)
        : [];
    const logicalHeader = Array.from({ length: header.length + (tab.columns.length - present) }, (_, c) => {
      const p = this.physical(tab, present, c);
      return p === null ? null : this.userCell(header[p]);
    });
    return { header: logicalHeader, size, columns: wanted.map((c) => rows.map((row) => row[c] ?? null)) };
  }

  readRows(
    tab: TabDef,
    indexes: readonly number[],
    keys: readonly string[],
    rightOfTable: boolean,
  ): Cell[][] {
    if (indexes.length === 0) return [];
    const sheet = this.sheet(tab);
    const { present } = this.layout(tab, sheet);
    const wanted = keys.map((key) => columnIndex(tab, key));
    let width = tab.columns.length;
    if (rightOfTable) {
      const lastColumn = sheet.getLastColumn();
      const userWidth = Math.max(0, lastColumn - present);
      for (let c = tab.columns.length; c < tab.columns.length + userWidth; c++) wanted.push(c);
      width += userWidth;
    }
    const columnsRead = new Set(wanted).size;
    // Runs of rows; a short gap between two runs is read along when that costs less than the calls
    // of a separate read (2 calls: getRange and getValues).
    const maxGap = Math.floor((2 * SHEETS_COST.callMs) / (Math.max(1, columnsRead) * SHEETS_COST.cellReadMs));
    const spans: [number, number][] = [];
    for (const i of indexes) {
      const last = spans[spans.length - 1];
      if (last && i - last[1] - 1 <= maxGap) last[1] = i;
      else spans.push([i, i]);
    }
    const block = this.readBlock(
      tab,
      sheet,
      present,
      spans.map(([a, b]) => [a + 1, b + 1]),
      wanted,
      width,
    );
    // readBlock answers per sheet row of the spans; pick the rows asked for.
    const byRow = new Map<number, Cell[]>();
    let k = 0;
    for (const [a, b] of spans) for (let i = a; i <= b; i++) byRow.set(i, block[k++] ?? []);
    return indexes.map((i) => byRow.get(i) ?? new Array<Cell>(width).fill(null));
  }

  /**
   * Logical columns `wanted` (never formula ones) of the sheet rows in `spans` (0-based grid rows,
   * inclusive), as full-width canonical rows `width` long. One getValues per span and run of adjacent
   * physical columns; columns between two wanted ones are read along when that costs less than a call.
   */
  private readBlock(
    tab: TabDef,
    sheet: Sheet,
    present: number,
    spans: readonly [number, number][],
    wanted: readonly number[],
    width: number,
  ): Cell[][] {
    const byPhysical = new Map<number, number>();
    for (const c of wanted) {
      if (tab.columns[c]?.type === 'formula') throw new Error(`${tab.id}: formula column ${c} is never read`);
      const p = this.physical(tab, present, c);
      if (p !== null) byPhysical.set(p, c);
    }
    const physical = [...byPhysical.keys()].sort((a, b) => a - b);
    const totalRows = spans.reduce((n, [a, b]) => n + b - a + 1, 0);
    const out: Cell[][] = Array.from({ length: totalRows }, () => new Array<Cell>(width).fill(null));
    if (physical.length === 0) return out;
    const isFormula = (p: number) => p < present && tab.columns[p]?.type === 'formula';
    let offset = 0;
    for (const [a, b] of spans) {
      const rows = b - a + 1;
      const maxGap = Math.floor((2 * SHEETS_COST.callMs) / (rows * SHEETS_COST.cellReadMs));
      const runs: [number, number][] = [];
      for (const p of physical) {
        const last = runs[runs.length - 1];
        let bridge = last !== undefined && p - last[1] - 1 <= maxGap;
        for (let q = (last?.[1] ?? p) + 1; bridge && q < p; q++) if (isFormula(q)) bridge = false;
        if (last && bridge) last[1] = p;
        else runs.push([p, p]);
      }
      for (const [first, last] of runs) {
        const values = sheet.getRange(a + 1, first + 1, rows, last - first + 1).getValues();
        for (let r = 0; r < rows; r++) {
          const source = values[r] ?? [];
          const target = out[offset + r]!;
          for (let p = first; p <= last; p++) {
            const c = byPhysical.get(p);
            if (c === undefined) continue;
            target[c] = this.cellFrom(tab.columns[c], source[p - first]);
          }
        }
      }
      offset += rows;
    }
    return out;
  }

  private dateTimeToIso(date: Date): string {
    return instantToIsoDateTime(date.getTime(), this.spreadsheetTimeZone());
  }

  private dateToIso(date: Date): string {
    try {
      return instantToIso(date.getTime(), this.spreadsheetTimeZone());
    } catch {
      // Intl time zones are part of Apps Script's V8; should one be missing, ask the service.
      return Utilities.formatDate(date, this.spreadsheetTimeZone(), 'yyyy-MM-dd');
    }
  }

  private userCell(raw: unknown): Cell {
    if (raw === null || raw === undefined || raw === '') return null;
    if (isDate(raw)) return this.dateToIso(raw);
    return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
  }

  writeRows(tab: TabDef, firstIndex: number, rows: readonly Cell[][]): void {
    if (rows.length === 0) return;
    this.writeBlock(tab, this.sheet(tab), firstIndex + 2, rows, false);
  }

  /** One column of existing rows (their format was set when they were appended): one setValues. */
  writeColumn(tab: TabDef, column: number, firstIndex: number, values: readonly Cell[]): void {
    const col = tab.columns[column];
    if (values.length === 0 || !col || col.userOwned || col.type === 'formula') return;
    this.sheet(tab)
      .getRange(firstIndex + 2, column + 1, values.length, 1)
      .setValues(values.map((v) => [v === null ? '' : v]));
  }

  /**
   * Removes data rows `indexes` (module comment "Removals"). Windows of runs are processed from the
   * bottom, so the positions above stay valid; returns false when the time budget ran out first.
   */
  deleteRows(tab: TabDef, indexes: readonly number[]): boolean {
    if (indexes.length === 0) return true;
    const sheet = this.sheet(tab);
    // Sheets refuses to delete every non-frozen row: keep one blank row when all would go.
    const maxRows = sheet.getMaxRows();
    if (maxRows - indexes.length < 2) {
      sheet.insertRowsAfter(maxRows, 1);
      this.freeUserColumns(tab, sheet);
    }
    const width = sheet.getMaxColumns();
    const runs = toRuns(indexes);
    const windows = removalWindows(runs, width);
    for (let w = windows.length - 1; w >= 0; w--) {
      const window = windows[w]!;
      if (this.deadline.fits(windowCost(window, width))) {
        this.compact(sheet, window, width);
        continue;
      }
      if (w < windows.length - 1) return false;
      // Nothing done yet in this call: the bottom part of the window that fits, at least its last
      // run, so that every call makes progress.
      let from = window.length - 1;
      while (from > 0 && this.deadline.fits(windowCost(window.slice(from - 1), width))) from--;
      this.compact(sheet, window.slice(from), width);
      return false;
    }
    return true;
  }

  /** Removes the runs of one window: the rows between them move up over the holes (copyTo), then one
   *  deleteRows takes the rows freed at the window's end. A window of one run is one deleteRows. */
  private compact(sheet: Sheet, runs: readonly [number, number][], width: number): void {
    const first = runs[0]!;
    if (runs.length === 1) {
      sheet.deleteRows(first[0] + 2, first[1]);
      return;
    }
    let holes = 0;
    for (let k = 0; k < runs.length; k++) {
      const [start, count] = runs[k]!;
      holes += count;
      const next = runs[k + 1];
      if (!next) break;
      const from = start + count;
      const rows = next[0] - from;
      if (rows > 0)
        sheet.getRange(from + 2, 1, rows, width).copyTo(sheet.getRange(from - holes + 2, 1, rows, width));
    }
    const last = runs[runs.length - 1]!;
    const end = last[0] + last[1] - 1;
    sheet.deleteRows(end - holes + 1 + 2, holes);
  }

  appendRows(tab: TabDef, rows: readonly Cell[][]): void {
    if (rows.length === 0) return;
    const sheet = this.sheet(tab);
    const first = Math.max(sheet.getLastRow(), 1) + 1;
    const needed = first + rows.length - 1;
    const maxRows = sheet.getMaxRows();
    if (needed > maxRows) {
      // Grown once for the whole block (a strict grid refuses writes past its end).
      sheet.insertRowsAfter(maxRows, needed - maxRows);
      this.spreadsheet.setNamedRange(`cjet_${tab.id}`, sheet.getRange(1, 1, needed, tab.columns.length));
      this.freeUserColumns(tab, sheet);
    }
    this.writeBlock(tab, sheet, first, rows, true);
  }

  /**
   * Points `name` at one column of a tab (rows firstRow..lastRow), growing its grid if needed.
   * Sheets keeps a named range on its sheet when the sheet is renamed.
   */
  setNamedRange(name: string, tab: TabDef, columnKey: string, firstRow: number, lastRow: number): void {
    const sheet = this.sheet(tab);
    if (sheet.getMaxRows() < lastRow) sheet.insertRowsAfter(sheet.getMaxRows(), lastRow - sheet.getMaxRows());
    const column = columnIndex(tab, columnKey) + 1;
    this.spreadsheet.setNamedRange(name, sheet.getRange(firstRow, column, lastRow - firstRow + 1, 1));
  }

  /** Per write segment (user-owned columns skipped): one setNumberFormats + one setValues. New rows
   *  (`fresh`) also get the format of the user-owned columns, so what the user types there is typed
   *  right (their cells stay blank). */
  private writeBlock(
    tab: TabDef,
    sheet: Sheet,
    firstRow: number,
    rows: readonly Cell[][],
    fresh: boolean,
  ): void {
    // One getName per referenced tab and block, not one per formula cell.
    const names = new Map<TabId, string>();
    const tabName = (t: TabDef) => {
      let name = names.get(t.id);
      if (name === undefined) {
        name = this.tabName(t);
        names.set(t.id, name);
      }
      return name;
    };
    for (const { first, width } of writeSegments(tab)) {
      const columns = tab.columns.slice(first, first + width);
      const formats = columns.map((col) => numberFormat(col));
      const values = rows.map((row, i) =>
        columns.map((col, c) =>
          sheetValue(col, row[first + c] ?? null, {
            row: firstRow + i,
            cells: row,
            lang: this.lang,
            tabName,
          }),
        ),
      );
      const range = sheet.getRange(firstRow, first + 1, rows.length, width);
      range.setNumberFormats(rows.map(() => formats));
      range.setValues(values);
    }
    if (!fresh) return;
    tab.columns.forEach((col, c) => {
      if (col.userOwned) sheet.getRange(firstRow, c + 1, rows.length, 1).setNumberFormat(numberFormat(col));
    });
  }
}

/** A canonical cell as setValues should receive it (a formula column: its formula for the row). */
function sheetValue(col: ColumnDef, value: Cell, at: FormulaAt): string | number | boolean {
  if (col.type === 'formula') return cellFormula(col, at);
  if (value === null) return '';
  return value;
}

/** The tabs with a row per order line, fee or shipment: their grid is exactly their table. */
const DATA_TABS: ReadonlySet<TabId> = new Set(['orders', 'fees', 'fulfillment']);

export function newTabRows(tab: TabDef): number {
  return DATA_TABS.has(tab.id) ? DATA_TAB_ROWS : OTHER_TAB_ROWS;
}

export function newTabColumns(tab: TabDef): number {
  return DATA_TABS.has(tab.id)
    ? tab.columns.length
    : Math.max(NEW_SHEET_COLUMNS, tab.columns.length + USER_COLUMNS_ROOM);
}

/** Cells a new tab takes (for the 10,000,000-cell check). */
export function newTabCells(tab: TabDef): number {
  return newTabRows(tab) * newTabColumns(tab);
}

/** Resizes a fresh sheet (1000 × 26) to exactly rows × columns (no call when it already is). */
function fitGrid(sheet: Sheet, rows: number, columns: number): void {
  const maxColumns = sheet.getMaxColumns();
  if (maxColumns < columns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
  else if (maxColumns > columns) sheet.deleteColumns(columns + 1, maxColumns - columns);
  const maxRows = sheet.getMaxRows();
  if (maxRows < rows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  else if (maxRows > rows) sheet.deleteRows(rows + 1, maxRows - rows);
}

/** Ascending distinct indexes → runs [start, count]. */
function toRuns(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of indexes) {
    const last = runs[runs.length - 1];
    if (last && i === last[0] + last[1]) last[1]++;
    else runs.push([i, 1]);
  }
  return runs;
}

/**
 * A structural edit is weighted this many times its modelled cost when choosing between moving the
 * rows of a gap and deleting the runs on both sides apart: its real cost grows with the sheet and
 * the formulas that read it (the emulator's 100 ms is an assumption, README "Cost model"), while a
 * cell write is measured. Rows scattered by a sort are moved; runs far apart are deleted apart.
 */
const STRUCTURAL_WEIGHT = 10;

/** Runs grouped into windows: two runs share a window when the rows between them cost less to move
 *  than a separate deleteRows. */
function removalWindows(runs: readonly [number, number][], width: number): [number, number][][] {
  const maxGap = Math.floor(
    (STRUCTURAL_WEIGHT * SHEETS_COST.structuralEditMs) / (width * SHEETS_COST.cellWrittenMs),
  );
  const windows: [number, number][][] = [];
  for (const run of runs) {
    const window = windows[windows.length - 1];
    const last = window?.[window.length - 1];
    if (window && last && run[0] - (last[0] + last[1]) <= maxGap) window.push(run);
    else windows.push([run]);
  }
  return windows;
}

/** The modelled cost of compacting one window: the rows moved (written by copyTo), three calls per
 *  moved run (two getRange and copyTo), one deleteRows. */
function windowCost(runs: readonly [number, number][], width: number): number {
  let moved = 0;
  for (let k = 0; k + 1 < runs.length; k++) moved += runs[k + 1]![0] - (runs[k]![0] + runs[k]![1]);
  return (
    moved * width * SHEETS_COST.cellWrittenMs +
    (runs.length - 1) * 3 * SHEETS_COST.callMs +
    SHEETS_COST.structuralEditMs
  );
}
