/**
 * The .xlsx adapter of the workbook port (command line), as a patch of the workbook's zip:
 *
 * - Only the managed tabs' sheets are rewritten, and only when the import changed them; the
 *   workbook part (sheet list, cjet's defined names, recalc on load), its relationships and the
 *   content types when a tab is added, and styles.xml only when a number format is missing. Every
 *   other entry (other sheets, drawings, comments, themes, sharedStrings.xml …) is copied through
 *   still compressed, byte for byte.
 * - Inside a managed sheet, a row nothing touched is copied as its bytes; a written row keeps the
 *   user's cells (user columns, the override) as they were and gets its managed cells generated.
 *   Text is written inline, so sharedStrings.xml never grows. The sheet is never turned into a cell
 *   model: 200,000 rows are a Buffer and a slot per row (sheet-doc.ts).
 * - Managed tabs are found by their header signature, then by the marker `cjet_<tab>` (identity.ts).
 * - Managed cells are typed (cell-xml.ts). Cells right of a table and the user-owned override column
 *   are never written; deleting a row removes the whole row.
 * - Fees formulas are Excel shared formulas (one text per column, on the first row) with cached
 *   values computed by the core; a row's formula cells are rewritten only when their cached values
 *   changed (an override or a rule was edited) or the group moved. The settings tab's helper
 *   columns likewise. The workbook asks Excel / LibreOffice to recalculate on load.
 */
import * as zlib from 'node:zlib';
import { type Cell, canonicalCell, cellsEqual } from '../../core/merge/cells';
import {
  formulaFor,
  parseRules,
  RULE_RANGE_NAMES,
  ruleRangeA1,
  SETTINGS_LAST_ROW,
  settingsHelperFormula,
  settingsHelperValue,
} from '../../core/merge/commission';
import { fillCommissionCells } from '../../core/merge/plan';
import type { TableSnapshot, WorkbookPort } from '../../core/merge/port';
import type { Lang } from '../../core/model/rpc';
import {
  ALL_TABS,
  columnIndex,
  columnLetter,
  FEES_TAB,
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
import type { ByteSink } from './byte-sink';
import { formulaCell, inlineTextCell, type Tags, typedCell } from './cell-xml';
import { damagedWorkbook, notAWorkbook, WorkbookError } from './errors';
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
import { escapeText } from './xml';
import { inflateAsync, StreamingDeflate, splitBeforeTail, writeZip } from './zip';

/** Excel's limit on the characters of one cell. */
export const XLSX_MAX_CELL_CHARS = 32_767;

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

/** The Fees shared-formula groups of this save: one per formula column, anchored on the first row. */
interface FeeFormulas {
  si: Map<number, number>;
  anchorRow: number;
  lastRow: number;
}

export class XlsxWorkbookPort implements WorkbookPort {
  readonly maxCellChars = XLSX_MAX_CELL_CHARS;
  private readonly sheets = new Map<TabId, ManagedSheet>();
  private readonly checked = new Map<TabId, boolean>();
  private readonly writers = new Map<TabId, CellWriter>();
  private sharedStrings: string[] = [];
  private styles: Styles | null = null;
  private feeFormulas: FeeFormulas | null = null;

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
  static async load(bytes: Uint8Array, lang: Lang, path = 'workbook.xlsx'): Promise<XlsxWorkbookPort> {
    let pkg: WorkbookPackage;
    try {
      pkg = await WorkbookPackage.open(bytes);
    } catch (error) {
      if (error instanceof NotAWorkbook && error.reason !== 'damaged') throw notAWorkbook(path);
      throw damagedWorkbook(path, error instanceof Error ? error.message : String(error));
    }
    const port = new XlsxWorkbookPort(pkg, lang);
    try {
      await port.locate();
    } catch (error) {
      if (error instanceof WorkbookError) throw error;
      throw damagedWorkbook(path, error instanceof Error ? error.message : String(error));
    }
    return port;
  }

  /** Finds the managed tabs among the sheets and loads what later edits need. */
  private async locate(): Promise<void> {
    const { pkg } = this;
    if (pkg.sharedStringsPath)
      this.sharedStrings = parseSharedStrings(await pkg.content(pkg.sharedStringsPath));
    const headers: SheetHeader[] = [];
    for (const sheet of pkg.sheets) {
      if (sheet.part) headers.push({ name: sheet.name, header: await this.headerOf(sheet.part) });
    }
    const markers = new Map<string, string>();
    for (const name of pkg.definedNames()) {
      const sheet = name.localSheetId === null ? sheetOfReference(name.ref) : null;
      if (sheet) markers.set(name.name.toLowerCase(), sheet);
    }
    const loading: Promise<void>[] = [];
    for (const [id, name] of locateTabs(ALL_TABS, headers, markers, this.lang)) {
      const tab = ALL_TABS.find((t) => t.id === id)!;
      const part = pkg.sheets.find((s) => s.name === name)?.part ?? null;
      if (!part) continue;
      const sheet: ManagedSheet = { tab, name, part, stored: null, doc: null };
      this.sheets.set(id, sheet);
      loading.push(
        pkg.stored(part).then(async ({ bytes, method, size }) => {
          sheet.doc = SheetDoc.parse(await inflateAsync(bytes, method, size));
          if (method === 8) sheet.stored = bytes;
        }),
      );
    }
    await Promise.all(loading);
    pkg.dropStored();
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
    if (!sheet.doc) sheet.doc = SheetDoc.parse(Buffer.from(newSheetXml(sheet.tab)));
    return sheet.doc;
  }

  private managed(tab: TabDef): ManagedSheet {
    const sheet = this.sheets.get(tab.id);
    if (!sheet) throw new Error(`tab ${tab.id} does not exist`);
    return sheet;
  }

  hasTab(tab: TabDef): boolean {
    return this.sheets.has(tab.id);
  }

  tabName(tab: TabDef): string {
    return this.sheets.get(tab.id)?.name ?? tabLabel(tab, this.lang);
  }

  ensureTab(tab: TabDef): boolean {
    const known = this.checked.get(tab.id);
    if (known !== undefined) return known;
    const sheet = this.sheets.get(tab.id);
    let ok = true;
    if (!sheet) this.createTab(tab);
    else ok = this.alignHeader(tab, sheet);
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

  writeRows(tab: TabDef, firstIndex: number, rows: readonly Cell[][]): void {
    const doc = this.doc(this.managed(tab));
    rows.forEach((values, i) => {
      this.writeRow(tab, doc, firstIndex + 1 + i, values);
    });
  }

  deleteRows(tab: TabDef, indexes: readonly number[]): void {
    this.doc(this.managed(tab)).deleteRows(indexes.map((i) => i + 1));
  }

  appendRows(tab: TabDef, rows: readonly Cell[][]): void {
    const doc = this.doc(this.managed(tab));
    const last = doc.lastContentRow(this.writer(tab));
    rows.forEach((values, i) => {
      this.writeRow(tab, doc, last + 1 + i, values);
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
  private rawRow(doc: SheetDoc, slot: RowSlot): unknown[] {
    const cells = doc.sourceCells(slot);
    const raw: unknown[] = [];
    for (let k = 0; k < cells.count; k++)
      raw[doc.column(cells.col(k))] = cellValue(doc.xml, cells, k, this.sharedStrings);
    return Array.from(raw, (v) => v ?? null);
  }

  /** The canonical row of a slot (read once, then kept with the slot). */
  private values(tab: TabDef, doc: SheetDoc, slot: RowSlot): Cell[] {
    if (slot.values) return slot.values;
    const { xml } = doc;
    const cells = doc.sourceCells(slot);
    const width = tab.columns.length;
    const row: Cell[] = new Array(width).fill(null);
    const formulaColumns = this.writer(tab).formulaColumns;
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
      if (start >= 0) recent.set(column, { start, length, value });
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
    let writer = this.writers.get(tab.id);
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
      this.writers.set(tab.id, writer);
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
      const formula = fileFormula(formulaFor(col.key, row) ?? '=');
      formulaCell(sink, at, value, `${tags.f}>${escapeText(formula)}${tags.fEnd}`, style);
      return;
    }
    const groups = this.feeFormulas;
    const si = groups?.si.get(column);
    if (tab.id !== FEES_TAB.id || !groups || si === undefined || (slot.values?.[0] ?? null) === null) return;
    const formula =
      row === groups.anchorRow
        ? `${tags.f} t="shared" ref="${at.letters}${groups.anchorRow}:${at.letters}${groups.lastRow}" si="${si}">${escapeText(fileFormula(formulaFor(col.key, row) ?? '='))}${tags.fEnd}`
        : layout.childFormulas[column]!;
    formulaCell(sink, at, value, formula, style);
  }

  // ── save ───────────────────────────────────────────────────────────────────────────────────────

  /** The workbook as .xlsx bytes: the source zip with the changed parts replaced. */
  async save(): Promise<Uint8Array> {
    const { pkg } = this;
    this.refreshSettingsHelpers();
    this.refreshFeeFormulas();
    if (!pkg.stylesPath) pkg.addStyles(MINIMAL_STYLES);
    const stylesPath = pkg.stylesPath!;
    this.styles = new Styles(pkg.text(stylesPath));
    this.xfCache.clear();
    this.layouts.clear();

    // Changed sheets are written side by side: while one waits for zlib, the other produces rows.
    const writes: Promise<void>[] = [];
    const names: { name: string; ref: string }[] = [];
    for (const tab of ALL_TABS) {
      const sheet = this.sheets.get(tab.id);
      if (!sheet) continue;
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
      for (const [key, name] of Object.entries(RULE_RANGE_NAMES) as [
        keyof typeof RULE_RANGE_NAMES,
        string,
      ][]) {
        names.push({ name, ref: `${quoteSheet(settings.name)}!${ruleRangeA1(key)}` });
      }
    }
    const ours = new Set(Object.values(RULE_RANGE_NAMES).map((n) => n.toLowerCase()));
    pkg.setNames((name) => name.toLowerCase().startsWith('cjet_') || ours.has(name.toLowerCase()), names);
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
    const split = sheet.stored && doc.appendable() ? splitBeforeTail(sheet.stored, doc.tail()) : -1;
    if (sheet.stored && split > 0) {
      const before = doc.beforeTail();
      const out = new StreamingDeflate({
        raw: sheet.stored.subarray(0, split),
        crc: zlib.crc32(before),
        size: before.length,
      });
      await doc.writeAppended(out, writer);
      this.pkg.putDeflated(part, await out.end());
      return;
    }
    const out = new StreamingDeflate();
    await doc.write(out, writer);
    this.pkg.putDeflated(part, await out.end());
  }

  /** The settings tab's helper formulas for rows 2..SETTINGS_LAST_ROW, cached from the rule dates. */
  private refreshSettingsHelpers(): void {
    const sheet = this.sheets.get('settings');
    if (!sheet || this.checked.get('settings') === false) return;
    const tab = SETTINGS_TAB;
    const doc = this.doc(sheet);
    const writer = this.writer(tab);
    const dates = { from_key: columnIndex(tab, 'valid_from'), to_key: columnIndex(tab, 'valid_to') };
    for (let i = 1; i < SETTINGS_LAST_ROW; i++) {
      const slot = doc.slot(i);
      const values =
        slot.values ?? (slot.sourceRow > 0 ? this.values(tab, doc, slot) : tab.columns.map(() => null));
      slot.values = values;
      let changed = false;
      writer.formulaColumns.forEach((column, k) => {
        const key = tab.columns[column]!.key as 'from_key' | 'to_key';
        const date = values[dates[key]] ?? null;
        const expected = settingsHelperValue(
          key,
          typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
        );
        const formula = `n:${settingsHelperFormula(key, i + 1).slice(1)}`;
        if (slot.formulas?.[k] !== formula || !cellsEqual(values[column] ?? null, expected)) changed = true;
        values[column] = expected;
      });
      if (changed || slot.written) {
        slot.formulasWritten = true;
        doc.dirty = true;
      }
    }
  }

  /**
   * Cached values of every Fees row from the core (override › rule › collected), and the shared
   * formula groups (one per formula column, its text on the group's first row).
   *
   * Rows only appended, and every row already there holding its formulas with current values: the
   * appended rows get a group of their own and the rows above keep their bytes. Otherwise one group
   * spans all rows from the first, and a row's formula cells are rewritten when they do not follow
   * it or their cached value changed (an override or a rule was edited, rows moved).
   */
  private refreshFeeFormulas(): void {
    this.feeFormulas = null;
    const sheet = this.sheets.get('fees');
    if (!sheet || this.checked.get('fees') === false) return;
    const tab = FEES_TAB;
    const doc = this.doc(sheet);
    const writer = this.writer(tab);
    const rules =
      this.sheets.has('settings') && this.checked.get('settings') !== false
        ? parseRules(this.read(SETTINGS_TAB).rows)
        : [];
    const overrideColumn = columnIndex(tab, 'commission_override');
    const expectedOf = (values: Cell[]) => {
      const expected = values.slice();
      const override = values[overrideColumn];
      fillCommissionCells(expected, typeof override === 'number' ? override : null, rules);
      return expected;
    };
    const data: number[] = [];
    const last = doc.lastContentRow(writer);
    for (let i = 1; i <= last; i++) {
      const slot = doc.slots[i];
      if (slot && (this.values(tab, doc, slot)[0] ?? null) !== null) data.push(i);
    }
    if (data.length === 0) return;
    const fresh = (si: number) => {
      const groups = new Map<number, number>();
      for (const column of writer.formulaColumns) groups.set(column, si + groups.size);
      return groups;
    };

    const appended = doc.appendable() ? this.appendedFees(doc, data, expectedOf) : null;
    if (appended) {
      if (appended.length === 0) return;
      for (const i of appended) {
        const values = doc.slots[i]!.values!;
        const expected = expectedOf(values);
        for (const column of writer.formulaColumns) values[column] = expected[column] ?? null;
      }
      const first = appended[0]!;
      const lastAppended = appended[appended.length - 1]!;
      this.feeFormulas = {
        si: fresh(doc.maxSharedIndex + 1),
        anchorRow: first + 1,
        lastRow: lastAppended + 1,
      };
      return;
    }

    const found = new Map<number, number>();
    for (const i of data) {
      const slot = doc.slots[i]!;
      writer.formulaColumns.forEach((column, k) => {
        const state = slot.written ? '' : (slot.formulas?.[k] ?? '');
        const shared = /^([mc]):(\d+)/.exec(state);
        if (shared && (shared[1] === 'm' || !found.has(column))) found.set(column, Number(shared[2]));
      });
    }
    const si = new Map<number, number>();
    let next = doc.maxSharedIndex + 1;
    for (const column of writer.formulaColumns) {
      const existing = found.get(column);
      const unique = existing !== undefined && ![...si.values()].includes(existing);
      si.set(column, unique ? existing : next++);
    }
    const anchor = data[0]!;
    for (const i of data) {
      const slot = doc.slots[i]!;
      const values = slot.values!;
      const expected = expectedOf(values);
      let changed = slot.written || i === anchor;
      writer.formulaColumns.forEach((column, k) => {
        if (slot.formulas?.[k] !== `c:${si.get(column)}`) changed = true;
        if (!cellsEqual(values[column] ?? null, expected[column] ?? null)) changed = true;
        values[column] = expected[column] ?? null;
      });
      if (changed) {
        slot.formulasWritten = true;
        doc.dirty = true;
      }
    }
    this.feeFormulas = { si, anchorRow: anchor + 1, lastRow: data[data.length - 1]! + 1 };
  }

  /**
   * The appended Fees rows (ascending) when every row already in the sheet holds our formulas —
   * its own, or a shared group whose first row holds ours and whose range covers it — with the
   * cached values the core computes now; null when some row needs rewriting.
   */
  private appendedFees(doc: SheetDoc, data: readonly number[], expectedOf: (values: Cell[]) => Cell[]) {
    const tab = FEES_TAB;
    const { formulaColumns } = this.writer(tab);
    const groups = new Map<number, { first: number; last: number }>();
    for (const i of data) {
      const slot = doc.slots[i]!;
      if (slot.sourceRow === 0) continue;
      formulaColumns.forEach((column, k) => {
        const master = /^m:(\d+):\$?[A-Z]+\$?(\d+):\$?[A-Z]+\$?(\d+)\n([\s\S]*)$/.exec(
          slot.formulas?.[k] ?? '',
        );
        if (!master) return;
        const first = Number(master[2]);
        const ours =
          first === i + 1 && master[4] === fileFormula(formulaFor(tab.columns[column]!.key, first) ?? '=');
        if (ours) groups.set(Number(master[1]), { first, last: Number(master[3]) });
      });
    }
    const appended: number[] = [];
    for (const i of data) {
      const slot = doc.slots[i]!;
      if (slot.sourceRow === 0) {
        appended.push(i);
        continue;
      }
      const values = slot.values!;
      const expected = expectedOf(values);
      for (let k = 0; k < formulaColumns.length; k++) {
        const column = formulaColumns[k]!;
        if (!cellsEqual(values[column] ?? null, expected[column] ?? null)) return null;
        const state = slot.formulas?.[k] ?? '';
        const row = i + 1;
        if (state.startsWith('n:')) {
          if (state.slice(2) !== fileFormula(formulaFor(tab.columns[column]!.key, row) ?? '=')) return null;
          continue;
        }
        const group = groups.get(Number(/^[mc]:(\d+)/.exec(state)?.[1] ?? -1));
        if (!group || row < group.first || row > group.last) return null;
      }
    }
    return appended;
  }
}

/**
 * A formula as a file stores it: without '=', and functions newer than Excel 2007 under their
 * `_xlfn.` name (ECMA-376 Part 1 §18.17.7.*; without it Excel and LibreOffice show #NAME?).
 */
function fileFormula(formula: string): string {
  return formula.slice(1).replace(/\bMAXIFS\(/g, '_xlfn.MAXIFS(');
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

/** A new managed sheet: frozen header row, column widths by type, no rows yet. */
function newSheetXml(tab: TabDef): string {
  const cols = tab.columns
    .map((col, c) => {
      const chars = col.type === 'text' ? 24 : col.type === 'id' ? 18 : 13;
      return `<col min="${c + 1}" max="${c + 1}" width="${chars + 0.7109375}" customWidth="1"/>`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIPS_NS}">` +
    `<sheetViews><sheetView workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData/>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
  );
}
