/**
 * The .xlsx adapter of the workbook port (command line), as a patch of the workbook's zip:
 *
 * - Only the managed tabs' sheets are rewritten, and only when the import changed them; the
 *   workbook part (sheet list, cjet's defined names, recalc on load), its relationships and the
 *   content types when a tab is added, and styles.xml only when a number format is missing. Every
 *   other entry (other sheets, drawings, comments, themes, sharedStrings.xml …) is copied through
 *   still compressed, byte for byte (zip.ts, package.ts).
 * - Inside a managed sheet, a row nothing touched is copied as its bytes; a written row keeps the
 *   user's cells (user columns, the override) as they were and gets its managed cells generated.
 *   Text is written inline, so sharedStrings.xml never grows. The sheet is never turned into a cell
 *   model: 200,000 rows are a Buffer and a slot per row (sheet-doc.ts, sheet-scan.ts). When rows
 *   were only appended to a sheet cjet wrote, its compressed bytes are kept up to the end of its
 *   rows and only the new rows are compressed.
 * - Managed tabs are found by their header signature, then by the marker `cjet_<tab>` (identity.ts).
 * - Managed cells are typed (cell-xml.ts). Cells right of a table and the user-owned override column
 *   are never written; deleting a row removes the whole row.
 * - Fees formulas are Excel shared formulas with cached values computed by the core, rewritten only
 *   where they changed; the settings tab's helper columns likewise (formulas.ts). The workbook asks
 *   Excel / LibreOffice to recalculate on load.
 */
import { type Cell, canonicalCell } from '../../core/merge/cells';
import {
  formulaFor,
  parseRules,
  RULE_RANGE_NAMES,
  type RuleRangeKey,
  ruleRangeA1,
  ruleRangeLastRow,
  SCOPE_ORDER,
  SCOPE_WORDS,
} from '../../core/merge/commission';
import { cellFormula } from '../../core/merge/formulas';
import {
  type ColumnsRead,
  type RowSlice,
  SnapshotReads,
  type TableSnapshot,
  type WorkbookPort,
} from '../../core/merge/port';
import { notice } from '../../core/messages';
import type { Lang } from '../../core/model/rpc';
import {
  ALL_TABS,
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
import { serialToIso } from '../../core/util/dates';
import { collectGarbage } from '../memory';
import type { ByteSink } from './byte-sink';
import { formulaCell, inlineTextCell, type Tags, typedCell } from './cell-xml';
import { damagedWorkbook, notAWorkbook, WorkbookError } from './errors';
import {
  type FeeFormulas,
  type FormulaContext,
  fileFormula,
  refreshFeeFormulas,
  refreshSettingsHelpers,
} from './formulas';
import { locateTabs, markerName, type SheetHeader, sheetOfReference } from './identity';
import { NotAWorkbook, WorkbookPackage } from './package';
import { type CellWriter, type RowSlot, SheetDoc } from './sheet-doc';
import {
  cellValue,
  firstRowRange,
  formulaState,
  ownTextEnd,
  ownTextStart,
  parseSharedStrings,
  RowCells,
  sameBytes,
  scanCells,
} from './sheet-scan';
import { MINIMAL_STYLES, Styles } from './styles';
import { escapeAttr, escapeText } from './xml';
import { type Deflated, flushPointBefore, inflate, inflateAsync, StreamingDeflate, writeZip } from './zip';

/** Excel's limit on the characters of one cell. */
export const XLSX_MAX_CELL_CHARS = 32_767;

/** Compressed bytes searched for a full flush before the rows a save rewrites, beyond those rows
 *  (sheets are flushed every MiB of XML, sheet-doc.ts). */
const KEPT_SEARCH_MARGIN = 4 << 20;

/** Uncompressed size from which a sheet inflated during an import is preceded by a collection. */
const LARGE_SHEET_BYTES = 32 << 20;
/** cjet's own sheets up to this size are inflated while the workbook loads (locate). */
const PREFETCH_MAX_BYTES = 2 * LARGE_SHEET_BYTES;

/** Compressed bytes searched for the full flush before a sheet's tail (`</sheetData>…`). */
const TAIL_SEARCH = 1 << 16;

/** Full-flush points kept with a released summary sheet (sheet-doc.ts releaseKeepingTail). */
const KEPT_FLUSH_POINTS = 2;

/** Tabs whose rows' formulas the save compares with what it would write (formulas.ts). */
const FORMULA_STATE_TABS: ReadonlySet<TabId> = new Set<TabId>([FEES_TAB.id, SETTINGS_TAB.id]);

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface ManagedSheet {
  tab: TabDef;
  name: string;
  /** Worksheet part, or null for a tab this import creates (added to the package at save). */
  part: string | null;
  /** The part's bytes as stored (compressed), kept to reuse its unchanged start. */
  stored: Uint8Array | null;
  doc: SheetDoc | null;
}

/** How a save wrote a changed sheet: the source's compressed rows kept up to the new ones
 *  (appended), up to a full flush before the first changed row (kept), or all compressed again. */
export interface SheetWrite {
  sheet: string;
  how: 'appended' | 'kept' | 'rewritten';
  /** Uncompressed bytes of the sheet kept compressed as they were. */
  keptBytes: number;
  /** Uncompressed bytes compressed by this save. */
  compressedBytes: number;
}

/** A zip entry as stored, and how it is compressed. */
type StoredPart = { bytes: Uint8Array; method: number; size: number };

export class XlsxWorkbookPort implements WorkbookPort {
  readonly maxCellChars = XLSX_MAX_CELL_CHARS;
  private readonly sheets = new Map<TabId, ManagedSheet>();
  private readonly checked = new Map<TabId, boolean>();
  private readonly writers = new WeakMap<TabDef, CellWriter>();
  private sharedStrings: string[] = [];
  private styles: Styles | null = null;
  private feeFormulas: FeeFormulas | null = null;
  /** Last sheet row of the settings rule ranges (set when the helpers are refreshed at save). */
  private ruleLastRow = ruleRangeLastRow(0);
  /** Column and row reads, from a snapshot of the tab kept until the port writes to it. */
  private readonly reads = new SnapshotReads((tab) => this.read(tab));

  private constructor(
    private readonly pkg: WorkbookPackage,
    readonly lang: Lang,
  ) {}

  static create(lang: Lang): XlsxWorkbookPort {
    return new XlsxWorkbookPort(WorkbookPackage.create(MINIMAL_STYLES), lang);
  }

  /**
   * Opens an existing workbook. `path` names it in messages. Throws a WorkbookError (one line,
   * Korean and English) when it is not an .xlsx workbook, is damaged, or two sheets claim one tab.
   */
  static async load(
    bytes: Uint8Array,
    lang: Lang,
    path = 'workbook.xlsx',
    /** Called once the sheets read whole are being inflated (the rest of the load waits for them). */
    inflating?: () => void,
  ): Promise<XlsxWorkbookPort> {
    let pkg: WorkbookPackage;
    try {
      pkg = await WorkbookPackage.open(bytes);
    } catch (error) {
      if (error instanceof NotAWorkbook && error.reason !== 'damaged') throw notAWorkbook(path);
      throw damagedWorkbook(path, error instanceof Error ? error.message : String(error));
    }
    const port = new XlsxWorkbookPort(pkg, lang);
    try {
      await port.locate(inflating);
    } catch (error) {
      if (error instanceof WorkbookError) throw error;
      throw damagedWorkbook(path, error instanceof Error ? error.message : String(error));
    }
    return port;
  }

  /** Finds the managed tabs among the sheets and loads what later edits need. */
  private async locate(inflating?: () => void): Promise<void> {
    const { pkg } = this;
    if (pkg.sharedStringsPath)
      this.sharedStrings = parseSharedStrings(await pkg.content(pkg.sharedStringsPath));
    const headers: SheetHeader[] = [];
    this.looked.clear();
    for (const tab of ALL_TABS) this.looked.add(tab.id);
    for (const sheet of pkg.sheets) {
      if (sheet.part) headers.push({ name: sheet.name, header: await this.headerOf(sheet.part) });
    }
    const markers = new Map<string, string>();
    for (const name of pkg.definedNames()) {
      const sheet = name.localSheetId === null ? sheetOfReference(name.ref) : null;
      if (sheet) markers.set(name.name.toLowerCase(), sheet);
    }
    const reads: { tab: TabDef; sheet: ManagedSheet; stored: StoredPart }[] = [];
    for (const [id, name] of locateTabs(ALL_TABS, headers, markers, this.lang)) {
      const tab = ALL_TABS.find((t) => t.id === id)!;
      const part = pkg.sheets.find((s) => s.name === name)?.part ?? null;
      if (!part) continue;
      const sheet: ManagedSheet = { tab, name, part, stored: null, doc: null };
      this.sheets.set(id, sheet);
      reads.push({ tab, sheet, stored: await pkg.stored(part) });
    }
    // cjet's other tabs (their `cjet_` markers: the month close, 옵션별 손익, settings…) are read by
    // the refresh that ends an import: their XML is inflated on zlib's threads now too, unless a
    // sheet is so large that it is better inflated when asked for, after a collection (doc()).
    const early: { part: string; stored: StoredPart }[] = [];
    const read = new Set(reads.map((r) => r.sheet.part?.toLowerCase()));
    for (const [name, sheetName] of markers) {
      const part = name.startsWith('cjet_') ? pkg.sheets.find((s) => s.name === sheetName)?.part : null;
      if (!part || read.has(part.toLowerCase())) continue;
      read.add(part.toLowerCase());
      const stored = await pkg.stored(part);
      if (stored.size <= PREFETCH_MAX_BYTES) early.push({ part: part.toLowerCase(), stored });
    }
    // Every sheet is inflated on zlib's threads at once (what the caller does meanwhile overlaps it);
    // each is read as its XML arrives.
    const loading = reads.map(({ tab, sheet, stored }) =>
      inflateAsync(stored.bytes, stored.method, stored.size).then((xml) => {
        // Tabs the merge reads whole are read as their rows are found.
        const readWhole = tab.id !== 'log' && tab.id !== 'problems';
        const doc = SheetDoc.parse(
          xml,
          readWhole
            ? (parsed, slot, cells) => {
                // Row 1 as written (kept: the XML is let go below).
                if (slot.sourceRow === 1) parsed.header = this.rawRow(parsed, slot, cells);
                this.valuesOf(tab, parsed, slot, cells);
              }
            : undefined,
        );
        // Read whole: its values are kept, its XML is not (read again if a rewrite needs it).
        if (readWhole) doc.release(stored);
        sheet.doc = doc;
        if (stored.method === 8) sheet.stored = stored.bytes;
      }),
    );
    const prefetching = early.map(({ part, stored }) =>
      inflateAsync(stored.bytes, stored.method, stored.size).then((xml) => {
        this.inflated.set(part, xml);
      }),
    );
    inflating?.();
    await Promise.all([...loading, ...prefetching]);
    // Tabs other modules ask for later (the month-close tabs) are found the same way among the
    // other sheets, and read from the stored bytes kept for them (the port's calls are synchronous).
    const taken = new Set([...this.sheets.values()].map((s) => s.part?.toLowerCase()));
    pkg.dropStored((path) => !taken.has(path));
    this.headers = headers;
    this.markers = markers;
  }

  /** XML of cjet's other sheets inflated while loading, by part (taken by doc()). */
  private readonly inflated = new Map<string, Buffer>();
  /** Sheets not yet taken by a tab, with their row 1, and the workbook's `cjet_<id>` markers. */
  private headers: SheetHeader[] = [];
  private markers = new Map<string, string>();
  /** Tab ids looked for among the sheets already (found or not). */
  private readonly looked = new Set<TabId>();

  /** Finds the sheet of a tab the workbook was not opened for (header, then marker, then label). */
  private know(tab: TabDef): void {
    if (this.sheets.has(tab.id) || this.looked.has(tab.id)) return;
    this.looked.add(tab.id);
    const taken = new Set([...this.sheets.values()].map((s) => s.name));
    const free = this.headers.filter((h) => !taken.has(h.name));
    const name = locateTabs([tab], free, this.markers, this.lang).get(tab.id);
    const part = name === undefined ? null : (this.pkg.sheets.find((s) => s.name === name)?.part ?? null);
    if (name === undefined || !part) return;
    this.sheets.set(tab.id, { tab, name, part, stored: null, doc: null });
  }

  /** Row 1 of a sheet, inflating only as much of the part as it takes. */
  private async headerOf(part: string): Promise<unknown[]> {
    for (let limit = 1 << 16; ; limit *= 8) {
      const xml = await this.pkg.content(part, limit);
      const range = firstRowRange(xml);
      if (range === 'more') {
        if (xml.length === 0 || limit > 1 << 30) return [];
        const whole = await this.pkg.content(part);
        if (whole.length === xml.length) return [];
        continue;
      }
      if (range === null) return [];
      const cells = new RowCells();
      scanCells(xml, range.from, range.to, cells);
      const header: unknown[] = [];
      for (let k = 0; k < cells.count; k++)
        header[cells.col(k)] = cellValue(xml, cells, k, this.sharedStrings);
      return Array.from(header, (v) => v ?? null);
    }
  }

  private doc(sheet: ManagedSheet): SheetDoc {
    if (!sheet.doc) {
      if (sheet.part) {
        // A sheet found after the load (know): its stored bytes were kept for it.
        const stored = this.pkg.storedSync(sheet.part);
        if (!stored) throw new Error(`sheet ${sheet.name} was not read`);
        // Read whole as it is inflated, then let go but for what a save that changes only its last
        // rows needs (the 옵션별 손익 sheet of a 200,000-row book is ~200 MB of XML).
        const tab = sheet.tab;
        const shapes = new Set<string>();
        // A large sheet is inflated into one buffer: what is garbage by now goes first, so the two do
        // not add up (the peak of a 200,000-row import).
        const key = sheet.part.toLowerCase();
        let xml = this.inflated.get(key);
        this.inflated.delete(key);
        if (!xml) {
          if (stored.size > LARGE_SHEET_BYTES) collectGarbage();
          xml = inflate(stored.bytes, stored.method, undefined, stored.size);
        }
        const doc = SheetDoc.parse(xml, (parsed, slot, cells) => {
          if (slot.sourceRow === 1) parsed.header = this.rawRow(parsed, slot, cells);
          const values = this.valuesOf(tab, parsed, slot, cells);
          // The formulas of the first data row of each shape, for keepsFormulas.
          if (slot.sourceRow < 2) return;
          const shape = tab.formulaShape?.(values, this.lang) ?? '';
          if (shapes.has(shape)) return;
          shapes.add(shape);
          slot.formulas = this.formulaStates(tab, parsed, cells);
        });
        if (stored.method === 8) {
          sheet.stored = stored.bytes;
          doc.releaseKeepingTail(stored, KEPT_FLUSH_POINTS);
        }
        sheet.doc = doc;
      } else sheet.doc = SheetDoc.parse(Buffer.from(newSheetXml(sheet.tab)));
    }
    return sheet.doc;
  }

  /** The tab's sheet, bound to this definition of the tab (the engine's; the one the sheet was
   *  read with until then may be another schema version): rows read with another are read again. */
  private managed(tab: TabDef): ManagedSheet {
    this.know(tab);
    const sheet = this.sheets.get(tab.id);
    if (!sheet) throw new Error(`tab ${tab.id} does not exist`);
    if (sheet.tab !== tab) {
      sheet.tab = tab;
      if (sheet.doc) {
        sheet.doc.recent.clear();
        for (const slot of sheet.doc.slots) if (slot && !slot.written) slot.values = null;
      }
    }
    return sheet;
  }

  hasTab(tab: TabDef): boolean {
    this.know(tab);
    return this.sheets.has(tab.id);
  }

  tabName(tab: TabDef): string {
    this.know(tab);
    return this.sheets.get(tab.id)?.name ?? tabLabel(tab, this.lang);
  }

  keepsFormulas(tab: TabDef, index: number): boolean {
    if (FORMULA_STATE_TABS.has(tab.id) || !this.sheets.has(tab.id)) return false;
    const doc = this.doc(this.managed(tab));
    const slot = doc.slots[index + 1];
    if (doc.shift || !slot || slot.written || slot.sourceRow !== index + 2) return false;
    // A released sheet's rows are known by the formulas read with them (one row of each shape).
    if (!slot.formulas && doc.released) return false;
    const cells = this.values(tab, doc, slot);
    const held = slot.formulas ?? this.formulaStates(tab, doc, doc.sourceCells(slot));
    const at = this.formulaAt(index + 2, cells);
    return this.writer(tab).formulaColumns.every((column, k) => {
      const col = tab.columns[column]!;
      const formula = col.formula ? cellFormula(col, at) : '';
      return held[k] === (formula === '' ? '' : `n:${fileFormula(formula)}`);
    });
  }

  /** How each formula column of a scanned row holds its formula (formulaState), in column order. */
  private formulaStates(tab: TabDef, doc: SheetDoc, cells: RowCells): string[] {
    const columns = this.writer(tab).formulaColumns;
    const states = columns.map(() => '');
    for (let k = 0; k < cells.count; k++) {
      const at = columns.indexOf(doc.column(cells.col(k)));
      if (at >= 0) states[at] = formulaState(doc.xml, cells, k);
    }
    return states;
  }

  private formulaAt(row: number, cells: readonly Cell[]): FormulaAt {
    return { row, cells, lang: this.lang, tabName: (t: TabDef) => this.tabName(t) };
  }

  ensureTab(tab: TabDef): boolean {
    this.know(tab);
    const known = this.checked.get(tab.id);
    if (known !== undefined) return known;
    this.reads.invalidate(tab);
    const sheet = this.sheets.get(tab.id);
    let ok = true;
    if (!sheet) this.createTab(tab);
    else ok = this.alignHeader(tab, this.managed(tab));
    this.checked.set(tab.id, ok);
    return ok;
  }

  /** Relabels a current header in the import's language, or upgrades an older table by inserting
   *  the missing columns after the ones it has (the user's columns move right, intact). */
  private alignHeader(tab: TabDef, sheet: ManagedSheet): boolean {
    const doc = this.doc(sheet);
    const headerSlot = doc.slots[0];
    const header = headerSlot ? this.rawRow(doc, headerSlot) : [];
    const match = matchHeader(tab, header, this.lang);
    if (match.status === 'mismatch') return false;
    if (match.status === 'current' && !match.relabel) return true;
    if (match.status === 'upgrade') {
      doc.shift = { from: match.present, by: tab.columns.length - match.present };
      // Values read before belong to the old layout.
      doc.recent.clear();
      for (const slot of doc.slots) if (slot) slot.values = null;
    }
    const slot = doc.slot(0);
    const values: Cell[] = (headerSlot ? this.rawRow(doc, headerSlot) : []).map(userCell);
    headerRow(tab, this.lang).forEach((label, c) => {
      values[c] = label;
    });
    slot.values = values;
    slot.written = true;
    doc.dirty = true;
    return true;
  }

  private createTab(tab: TabDef): void {
    const taken = new Set([
      ...this.pkg.sheets.map((s) => s.name),
      ...[...this.sheets.values()].map((s) => s.name),
    ]);
    const isTaken = (name: string) => [...taken].some((t) => t.toLowerCase() === name.toLowerCase());
    let name = tabLabel(tab, this.lang);
    for (let n = 2; isTaken(name); n++) name = `${tabLabel(tab, this.lang)} (${n})`;
    const sheet: ManagedSheet = { tab, name, part: null, stored: null, doc: null };
    this.sheets.set(tab.id, sheet);
    const doc = this.doc(sheet);
    const slot = doc.slot(0);
    slot.values = headerRow(tab, this.lang);
    slot.written = true;
    doc.dirty = true;
  }

  read(tab: TabDef): TableSnapshot {
    // A table not aligned yet (a dry run) is read as ensureTab would leave it: an older one with its
    // missing columns in place, so a user column is never taken for one of ours. Nothing is saved.
    if (!this.checked.has(tab.id)) this.ensureTab(tab);
    const doc = this.doc(this.managed(tab));
    const headerSlot = doc.slots[0];
    const header = !headerSlot
      ? []
      : headerSlot.written && headerSlot.values
        ? headerSlot.values.slice()
        : this.rawRow(doc, headerSlot).map(userCell);
    const rows: Cell[][] = [];
    const last = doc.lastContentRow(this.writer(tab));
    for (let i = 1; i <= last; i++) {
      const slot = doc.slots[i];
      rows.push(slot ? this.values(tab, doc, slot) : Array.from({ length: tab.columns.length }, () => null));
    }
    return { header, rows };
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
    const col = tab.columns[column];
    if (!col) return;
    const doc = this.doc(this.managed(tab));
    this.reads.invalidate(tab);
    values.forEach((value, i) => {
      const slot = doc.slot(firstIndex + 1 + i);
      const next = (slot.values ?? (slot.sourceRow > 0 ? this.values(tab, doc, slot) : [])).slice();
      while (next.length < tab.columns.length) next.push(null);
      next[column] = value === '' ? null : canonicalCell(col, value);
      slot.values = next;
      slot.written = true;
    });
    doc.dirty = true;
  }

  writeRows(tab: TabDef, firstIndex: number, rows: readonly Cell[][]): void {
    const doc = this.doc(this.managed(tab));
    this.reads.invalidate(tab);
    rows.forEach((values, i) => {
      this.writeRow(tab, doc, firstIndex + 1 + i, values);
    });
  }

  deleteRows(tab: TabDef, indexes: readonly number[]): boolean {
    this.doc(this.managed(tab)).deleteRows(indexes.map((i) => i + 1));
    this.reads.invalidate(tab);
    // A file has no execution time limit: every row goes at once.
    return true;
  }

  appendRows(tab: TabDef, rows: readonly Cell[][]): void {
    const doc = this.doc(this.managed(tab));
    this.reads.invalidate(tab);
    const last = doc.lastContentRow(this.writer(tab));
    rows.forEach((values, i) => {
      this.writeRow(tab, doc, last + 1 + i, values);
    });
  }

  /** Workbook-scoped names other modules point at a column of a tab (the holidays range). */
  private readonly extraNames = new Map<
    string,
    { tab: TabId; column: number; first: number; last: number }
  >();

  setNamedRange(name: string, tab: TabDef, columnKey: string, firstRow: number, lastRow: number): void {
    this.managed(tab);
    this.extraNames.set(name, {
      tab: tab.id,
      column: columnIndex(tab, columnKey),
      first: firstRow,
      last: lastRow,
    });
  }

  /** Sets the managed cells of sheet row index `index` (user-owned columns and the user's cells stay). */
  private writeRow(tab: TabDef, doc: SheetDoc, index: number, values: readonly Cell[]): void {
    const slot = doc.slot(index);
    const current = slot.values ?? (slot.sourceRow > 0 ? this.values(tab, doc, slot) : []);
    const next = current.slice();
    while (next.length < tab.columns.length) next.push(null);
    for (const { first, width } of writeSegments(tab)) {
      for (let c = first; c < first + width; c++) {
        const value = values[c] ?? null;
        next[c] = value === '' ? null : canonicalCell(tab.columns[c]!, value);
      }
    }
    slot.values = next;
    slot.written = true;
    doc.dirty = true;
  }

  /** A row's cells as the reader sees them, by column (before canonical conversion). */
  private rawRow(doc: SheetDoc, slot: RowSlot, scanned?: RowCells): unknown[] {
    if (slot === doc.slots[0] && doc.header && !scanned) {
      // Kept by source column: place it as the rows are now (an upgrade moves user columns).
      const placed: unknown[] = [];
      doc.header.forEach((value, c) => {
        placed[doc.column(c)] = value;
      });
      return Array.from(placed, (v) => v ?? null);
    }
    const cells = scanned ?? doc.sourceCells(slot);
    const raw: unknown[] = [];
    for (let k = 0; k < cells.count; k++)
      raw[doc.column(cells.col(k))] = cellValue(doc.xml, cells, k, this.sharedStrings);
    return Array.from(raw, (v) => v ?? null);
  }

  /** The canonical row of a slot (read once, then kept with the slot). */
  private values(tab: TabDef, doc: SheetDoc, slot: RowSlot): Cell[] {
    return slot.values ?? this.valuesOf(tab, doc, slot, doc.sourceCells(slot));
  }

  /** The canonical row of a slot from its scanned cells (kept with the slot). */
  private valuesOf(tab: TabDef, doc: SheetDoc, slot: RowSlot, cells: RowCells): Cell[] {
    const { xml } = doc;
    const width = tab.columns.length;
    const row: Cell[] = new Array(width).fill(null);
    // How a formula is held is read only where the save compares formulas (formulas.ts: Fees and
    // the settings helpers); a summary tab's long formulas are never decoded.
    const formulaColumns = FORMULA_STATE_TABS.has(tab.id) ? this.writer(tab).formulaColumns : [];
    const formulas = formulaColumns.length > 0 ? formulaColumns.map(() => '') : null;
    const recent = doc.recent;
    for (let k = 0; k < cells.count; k++) {
      const column = doc.column(cells.col(k));
      while (row.length < column) row.push(null);
      // Most columns repeat the row above (report, import, file, category, dates): the same bytes
      // give the same value, kept once instead of decoded again.
      const start = ownTextStart(cells, k);
      const length = start >= 0 ? ownTextEnd(cells, k) - start : -1;
      const seen = recent.get(column);
      if (
        seen &&
        length === seen.length &&
        !cells.hasFormula(k) &&
        sameBytes(xml, seen.start, start, length)
      ) {
        row[column] = seen.value;
        seen.start = start;
        continue;
      }
      const raw = cellValue(xml, cells, k, this.sharedStrings);
      const col = tab.columns[column];
      const value = !col
        ? userCell(raw)
        : col.type === 'date' && typeof raw === 'number'
          ? isoOf(raw)
          : canonicalCell(col, raw);
      row[column] = value;
      if (start >= 0) {
        if (seen) {
          seen.start = start;
          seen.length = length;
          seen.value = value;
        } else recent.set(column, { start, length, value });
      }
      if (formulas && cells.hasFormula(k)) {
        const at = formulaColumns.indexOf(column);
        if (at >= 0) formulas[at] = formulaState(xml, cells, k);
      }
    }
    slot.values = row;
    slot.formulas = formulas;
    return row;
  }

  private writer(tab: TabDef): CellWriter {
    let writer = this.writers.get(tab);
    if (!writer) {
      const columns = writeSegments(tab).flatMap(({ first, width }) =>
        Array.from({ length: width }, (_, k) => first + k),
      );
      const formulaColumns = columns.filter((c) => tab.columns[c]?.type === 'formula');
      const headerColumns = tab.columns.map((_, c) => c);
      writer = {
        columns,
        formulaColumns,
        headerColumns,
        cell: (column, slot, row, tags, sink) => this.writeCell(tab, column, slot, row, tags, sink),
      };
      this.writers.set(tab, writer);
    }
    return writer;
  }

  private readonly xfCache = new Map<string, number>();
  private xf = (format: string): number => {
    let index = this.xfCache.get(format);
    if (index === undefined) {
      if (!this.styles) throw new Error('styles are read at save');
      index = format === 'General' ? 0 : this.styles.xfFor(format);
      this.xfCache.set(format, index);
    }
    return index;
  };

  /** Per column of a tab, what writing a cell needs (computed once per save: styles are known then). */
  private readonly layouts = new Map<
    TabId,
    { letters: string[]; styles: number[]; childFormulas: string[] }
  >();

  private layout(tab: TabDef, tags: Tags) {
    let layout = this.layouts.get(tab.id);
    if (!layout) {
      const groups = tab.id === FEES_TAB.id ? this.feeFormulas : null;
      layout = {
        letters: tab.columns.map((_, c) => columnLetter(c + 1)),
        styles: tab.columns.map((col) => this.xf(numberFormat(col))),
        childFormulas: tab.columns.map((_, c) => {
          const si = groups?.si.get(c);
          return si === undefined ? '' : `${tags.f} t="shared" si="${si}"/>`;
        }),
      };
      this.layouts.set(tab.id, layout);
    }
    return layout;
  }

  private writeCell(
    tab: TabDef,
    column: number,
    slot: RowSlot,
    row: number,
    tags: Tags,
    sink: ByteSink,
  ): void {
    const col = tab.columns[column]!;
    const value = slot.values?.[column] ?? null;
    const layout = this.layout(tab, tags);
    const at = { letters: layout.letters[column]!, row, tags };
    if (row === 1) {
      if (value !== null && value !== '') inlineTextCell(sink, at, String(value), 0);
      return;
    }
    const style = layout.styles[column]!;
    if (col.type !== 'formula') {
      typedCell(sink, at, col, value, style, this.xf('@'));
      return;
    }
    if (tab.id === SETTINGS_TAB.id) {
      if (row > this.ruleLastRow) return;
      const formula = fileFormula(formulaFor(col.key, row) ?? '=');
      formulaCell(sink, at, value, `${tags.f}>${escapeText(formula)}${tags.fEnd}`, style);
      return;
    }
    if (tab.id !== FEES_TAB.id) {
      // A column with its own formula (the month-close tabs): the formula of the row it lands on,
      // with the value the core computed cached.
      const formula = col.formula ? cellFormula(col, this.formulaAt(row, slot.values ?? [])) : '';
      if (formula === '') typedCell(sink, at, col, value, style, this.xf('@'));
      else
        formulaCell(
          sink,
          at,
          value,
          `${tags.f}>${escapeText(fileFormula(formula))}${tags.fEnd}`,
          style,
          col.yields,
        );
      return;
    }
    const groups = this.feeFormulas;
    const si = groups?.si.get(column);
    if (!groups || si === undefined || (slot.values?.[0] ?? null) === null) return;
    const formula =
      row === groups.anchorRow
        ? `${tags.f} t="shared" ref="${at.letters}${groups.anchorRow}:${at.letters}${groups.lastRow}" si="${si}">${escapeText(fileFormula(formulaFor(col.key, row) ?? '='))}${tags.fEnd}`
        : layout.childFormulas[column]!;
    formulaCell(sink, at, value, formula, style);
  }

  // ── save ───────────────────────────────────────────────────────────────────────────────────────

  /** How the last save wrote each changed sheet. */
  get saveReport(): readonly SheetWrite[] {
    return this.lastSave;
  }

  private lastSave: SheetWrite[] = [];

  /** The workbook as .xlsx bytes: the source zip with the changed parts replaced. */
  async save(): Promise<Uint8Array> {
    const { pkg } = this;
    this.lastSave = [];
    this.refreshSettingsHelpers();
    this.refreshFeeFormulas();
    // The rows the save copies as they are need no values any more: let them go before the new
    // rows are generated (a 200,000-row workbook's rows are most of the memory).
    for (const sheet of this.sheets.values()) {
      for (const slot of sheet.doc?.slots ?? []) {
        if (slot && !slot.written && !slot.formulasWritten) slot.values = null;
      }
    }
    if (!pkg.stylesPath) pkg.addStyles(MINIMAL_STYLES);
    const stylesPath = pkg.stylesPath!;
    this.styles = new Styles(pkg.text(stylesPath));
    this.xfCache.clear();
    this.layouts.clear();

    // Changed sheets are written side by side: while one waits for zlib, the other produces rows.
    const writes: Promise<void>[] = [];
    const names: { name: string; ref: string }[] = [];
    for (const sheet of this.sheets.values()) {
      const tab = sheet.tab;
      const part = sheet.part ?? pkg.addSheet(sheet.name);
      sheet.part = part;
      const doc = this.doc(sheet);
      const writer = this.writer(tab);
      // Another program may have dropped the frozen header row: freeze it again.
      if (doc.dirty || !doc.hasPane()) writes.push(this.writeSheet(sheet, doc, writer, part));
      const quoted = quoteSheet(sheet.name);
      const lastRow = Math.max(doc.lastContentRow(writer) + 1, 2);
      names.push({
        name: markerName(tab.id),
        ref: `${quoted}!$A$1:$${columnLetter(tab.columns.length)}$${lastRow}`,
      });
    }
    await Promise.all(writes);
    const settings = this.sheets.get('settings');
    if (settings) {
      for (const [key, name] of Object.entries(RULE_RANGE_NAMES) as [RuleRangeKey, string][]) {
        names.push({ name, ref: `${quoteSheet(settings.name)}!${ruleRangeA1(key, this.ruleLastRow)}` });
      }
    }
    for (const [name, range] of this.extraNames) {
      const sheet = this.sheets.get(range.tab);
      if (!sheet) continue;
      const letter = columnLetter(range.column + 1);
      names.push({
        name,
        ref: `${quoteSheet(sheet.name)}!$${letter}$${range.first}:$${letter}$${range.last}`,
      });
    }
    // The names this save writes replace theirs; every other name (the user's, and markers of tabs
    // this run did not open) stays as it was.
    const ours = new Set(names.map((n) => n.name.toLowerCase()));
    pkg.setNames((name) => ours.has(name.toLowerCase()), names);
    if (this.styles.changed) pkg.put(stylesPath, this.styles.text);
    await pkg.dropUnchangedEdits();
    return writeZip(pkg.outputParts());
  }

  /**
   * A changed sheet, deflated. When rows were only appended, the source's compressed bytes up to the
   * rows' end are kept as they are and only the new rows are compressed: an import then costs the
   * rows it adds, not the rows the sheet holds.
   */
  private async writeSheet(
    sheet: ManagedSheet,
    doc: SheetDoc,
    writer: CellWriter,
    part: string,
  ): Promise<void> {
    // Rows only appended: the compressed source is kept up to the full flush before its tail (the
    // tail is all of the XML a released sheet still has; TAIL_SEARCH: the tail is a few bytes).
    const split =
      sheet.stored && doc.appendable()
        ? (flushPointBefore(sheet.stored, doc.tail(), 0, TAIL_SEARCH)?.at ?? -1)
        : -1;
    if (sheet.stored && split > 0) {
      const prefix = doc.beforeTail();
      const out = new StreamingDeflate({ raw: [sheet.stored.subarray(0, split)], ...prefix });
      await doc.writeAppended(out, writer);
      this.finish(sheet, part, 'appended', prefix.size, await out.end());
      return;
    }
    // Rows changed only near the end (a summary tab's new rows and totals): the source's compressed
    // bytes up to the last full flush before them stay as they are.
    const kept = sheet.stored ? doc.keptPrefix() : null;
    const cut =
      sheet.stored && kept && kept.slot > 1
        ? doc.cutBefore(sheet.stored, kept.offset, KEPT_SEARCH_MARGIN)
        : null;
    if (sheet.stored && kept && cut) {
      const prefix = { crc: cut.crc, size: cut.offset };
      const out = new StreamingDeflate({ raw: [sheet.stored.subarray(0, cut.at)], ...prefix });
      await doc.writeKept(out, writer, kept, cut.offset);
      this.finish(sheet, part, 'kept', prefix.size, await out.end());
      return;
    }
    const out = new StreamingDeflate();
    await doc.write(out, writer);
    this.finish(sheet, part, 'rewritten', 0, await out.end());
  }

  private finish(
    sheet: ManagedSheet,
    part: string,
    how: SheetWrite['how'],
    kept: number,
    deflated: Deflated,
  ) {
    this.pkg.putDeflated(part, deflated);
    this.lastSave.push({ sheet: sheet.name, how, keptBytes: kept, compressedBytes: deflated.size - kept });
  }

  /** The settings tab's helper formulas, refreshed (formulas.ts). */
  private refreshSettingsHelpers(): void {
    const sheet = this.sheets.get('settings');
    if (!sheet || this.checked.get('settings') === false) return;
    this.ruleLastRow = refreshSettingsHelpers(this.formulaContext(sheet.tab, this.doc(sheet)));
  }

  /** The Fees rows' cached values and shared-formula groups, refreshed (formulas.ts). */
  private refreshFeeFormulas(): void {
    this.feeFormulas = null;
    const sheet = this.sheets.get('fees');
    if (!sheet || this.checked.get('fees') === false) return;
    const settings = this.sheets.get('settings');
    const rules =
      settings && this.checked.get('settings') !== false ? parseRules(this.read(settings.tab).rows) : [];
    this.feeFormulas = refreshFeeFormulas(this.formulaContext(sheet.tab, this.doc(sheet)), rules);
  }

  private formulaContext(tab: TabDef, doc: SheetDoc): FormulaContext {
    const writer = this.writer(tab);
    return { tab, doc, writer, values: (slot) => this.values(tab, doc, slot) };
  }
}

/** Serial → canonical date cell, once per distinct serial (and one string shared by its rows). */
const isoDates = new Map<number, Cell>();

function isoOf(serial: number): Cell {
  let iso = isoDates.get(serial);
  if (iso === undefined) {
    iso = serialToIso(serial) ?? String(serial);
    if (isoDates.size > 100_000) isoDates.clear();
    isoDates.set(serial, iso);
  }
  return iso;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function userCell(raw: unknown): Cell {
  if (raw === null || raw === undefined) return null;
  return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
}

/**
 * The settings tab's 범위 (scope) as a dropdown of the words the rules accept, Korean first, over the
 * whole column (as the add-on sets it); other tabs have none.
 */
function dataValidations(tab: TabDef): string {
  if (tab.id !== SETTINGS_TAB.id) return '';
  const words = [
    ...SCOPE_ORDER.map((scope) => SCOPE_WORDS[scope][0]!),
    ...SCOPE_ORDER.flatMap((scope) => SCOPE_WORDS[scope].slice(1)),
  ];
  const letter = columnLetter(columnIndex(SETTINGS_TAB, 'scope') + 1);
  const help = escapeAttr(notice('SCOPE_HELP'));
  return (
    '<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" ' +
    `showErrorMessage="1" prompt="${help}" sqref="${letter}2:${letter}1048576">` +
    `<formula1>${escapeText(`"${words.join(',')}"`)}</formula1></dataValidation></dataValidations>`
  );
}

/** A new managed sheet: frozen header row, column widths by type, no rows yet. */
function newSheetXml(tab: TabDef): string {
  const cols = tab.columns
    .map((col, c) => {
      const chars = col.type === 'text' ? 24 : col.type === 'id' ? 18 : col.type === 'datetime' ? 19 : 13;
      return `<col min="${c + 1}" max="${c + 1}" width="${chars + 0.7109375}" customWidth="1"/>`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIPS_NS}">` +
    `<sheetViews><sheetView workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData/>${dataValidations(tab)}` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
  );
}
