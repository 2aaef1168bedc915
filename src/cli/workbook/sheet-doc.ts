/**
 * One managed worksheet while an import runs: the sheet's XML as it was (a Buffer) and one slot per
 * row. A slot that nothing touched is written back as the same bytes; a written row keeps every
 * cell of the columns the import does not own (their values, styles, comments' anchors) byte for
 * byte and gets its managed cells generated anew. Deleting rows moves the rows under them up (their
 * `r` references rewritten); upgrading a table shifts the user's columns right.
 *
 * Written by cjet, a sheet's rows end on a full flush of the deflate stream (zip.ts): when the next
 * import only appends rows, everything before them is kept compressed as it is (writeAppended).
 */
import type { Cell } from '../../core/merge/cells';
import { columnLetter } from '../../core/model/tabs';
import { ByteSink } from './byte-sink';
import { type Tags, tagsFor } from './cell-xml';
import { RowCells, type SheetLayout, scanCells, scanRows, sharedIndex, sheetLayout } from './sheet-scan';
import { getAttr, removeAttr, setAttr } from './xml';
import {
  crc32,
  type FlushPoint,
  flushPointBefore,
  flushPointsFromEnd,
  inflate,
  type StreamingDeflate,
} from './zip';

export interface RowSlot {
  /** Byte range of the `<row>` element in the source, its start tag's end, its row number there
   *  (0 for a row this import adds). */
  start: number;
  startTagEnd: number;
  end: number;
  sourceRow: number;
  /** The row as the merge sees it (canonical managed cells, then the user's), once read or written. */
  values: Cell[] | null;
  /** How each formula column holds its formula in the source (sheet-scan formulaState). */
  formulas: string[] | null;
  /** Managed cells are generated from `values` at save (written, appended, relabelled rows). */
  written: boolean;
  /** Formula cells are generated at save (their cached value or their shared group changed). */
  formulasWritten: boolean;
  /** Whether the source row holds any value or formula (known once its cells were scanned). */
  content: boolean | null;
}

/** What the port generates for a row's managed cells. */
export interface CellWriter {
  /** Every managed column the import writes, ascending (user-owned columns excluded). */
  readonly columns: readonly number[];
  /** The formula columns among them. */
  readonly formulaColumns: readonly number[];
  /** Every column of the table: the header row names the user-owned ones too. */
  readonly headerColumns: readonly number[];
  /** Writes a managed cell of the row (sheet row `row`); nothing for a blank cell. */
  cell(column: number, slot: RowSlot, row: number, tags: Tags, sink: ByteSink): void;
}

export function newSlot(): RowSlot {
  return {
    start: 0,
    startTagEnd: 0,
    end: 0,
    sourceRow: 0,
    values: null,
    formulas: null,
    written: false,
    formulasWritten: false,
    content: null,
  };
}

export class SheetDoc {
  /** Rows by index (index = row number - 1); holes are rows the sheet does not have. */
  slots: (RowSlot | undefined)[] = [];
  /** User columns moved right by an upgrade: source columns ≥ from move by `by`. */
  shift: { from: number; by: number } | null = null;
  /** Anything changed since load: only then is the sheet rewritten. */
  dirty = false;
  /** Per column, the last text cell read: its bytes and value (identical cells share the value). */
  readonly recent = new Map<number, { start: number; length: number; value: Cell }>();
  /** Row 1 as the source has it (raw values), when it was read with the rows. */
  header: unknown[] | null = null;
  /** Highest shared-formula index seen in the cells read (a new group takes the next one). */
  maxSharedIndex = -1;
  readonly prefix: string;
  private layout: SheetLayout;
  private readonly cells = new RowCells();

  /** The sheet's XML; null once released (read back from `stored` if a rewrite needs it). */
  private source: Buffer | null;
  private stored: { bytes: Uint8Array; method: number; size: number } | null = null;
  /** What the save needs of a released sheet: the part before the rows, the tail, the CRC-32 of
   *  everything before the tail. */
  private headText = '';
  private tailBytes: Buffer | null = null;
  private prefixCrc = 0;

  private constructor(xml: Buffer) {
    this.source = xml;
    this.layout = sheetLayout(xml);
    this.prefix = this.layout.prefix;
  }

  get xml(): Buffer {
    if (!this.source) {
      if (!this.stored) throw new Error('sheet released without its stored bytes');
      this.source = inflate(this.stored.bytes, this.stored.method, undefined, this.stored.size);
    }
    return this.source;
  }

  /**
   * Lets the XML go once the rows are read (a 200,000-row sheet is ~300 MB): appending rows needs
   * only its head, its tail and a checksum; any other change inflates it again from `stored`.
   */
  release(stored: { bytes: Uint8Array; method: number; size: number }): void {
    const xml = this.xml;
    this.headText = this.head();
    this.tailBytes = Buffer.from(xml.subarray(this.layout.dataEnd));
    this.prefixCrc = crc32(xml.subarray(0, this.layout.dataEnd));
    this.stored = stored;
    this.source = null;
  }

  /**
   * What release() keeps of a sheet a later save may rewrite only near its end (a summary tab): the
   * last full-flush points of its compressed part, the CRC-32 of the XML before each, and the XML
   * from the first of them on.
   */
  private window: { base: number; bytes: Buffer; points: (FlushPoint & { crc: number })[] } | null = null;

  /** release(), keeping the last `count` full-flush points (and the XML after them) for writeKept. */
  releaseKeepingTail(stored: { bytes: Uint8Array; method: number; size: number }, count: number): void {
    const xml = this.xml;
    const found: FlushPoint[] = [];
    if (stored.method === 8) {
      for (const point of flushPointsFromEnd(stored.bytes, xml, 0)) {
        found.unshift(point);
        if (found.length === count) break;
      }
    }
    const first = found[0];
    if (first) {
      let crc = crc32(xml.subarray(0, first.offset));
      let at = first.offset;
      const points = found.map((point) => {
        crc = crc32(xml.subarray(at, point.offset), crc);
        at = point.offset;
        return { ...point, crc };
      });
      this.window = { base: first.offset, bytes: Buffer.from(xml.subarray(first.offset)), points };
    }
    this.release(stored);
  }

  /**
   * The last full flush of the compressed source `stored` at or before XML offset `offset`, with the
   * CRC-32 of the XML before it; null when there is none (a part another program wrote).
   */
  cutBefore(stored: Uint8Array, offset: number, margin: number): (FlushPoint & { crc: number }) | null {
    if (!this.source) return this.window?.points.filter((p) => p.offset <= offset).at(-1) ?? null;
    const point = flushPointBefore(stored, this.xml, offset, margin);
    return point ? { ...point, crc: crc32(this.xml.subarray(0, point.offset)) } : null;
  }

  /** The source's bytes from `offset` on: the kept window of a released sheet, else the XML. */
  private bytesFrom(offset: number): SourceBytes {
    const window = this.window;
    if (!this.source && window && offset >= window.base) return { buf: window.bytes, base: window.base };
    return { buf: this.xml, base: 0 };
  }

  /** The part before the rows (as the source has it). */
  private head(): string {
    if (!this.source && this.stored) return this.headText;
    return this.xml.toString('utf8', 0, this.layout.selfClosing?.start ?? this.layout.dataStart);
  }

  /** Rows the source has, and how far its row indexes reach. */
  private sourceRows = 0;
  private sourceLength = 0;

  /**
   * The sheet's rows. `onRow`: called with each row's cells as the rows are found (one walk over the
   * sheet for a tab that is read whole).
   */
  static parse(xml: Buffer, onRow?: (doc: SheetDoc, slot: RowSlot, cells: RowCells) => void): SheetDoc {
    const doc = new SheetDoc(xml);
    const cells = onRow ? doc.cells : undefined;
    const dataEnd = scanRows(
      xml,
      doc.layout,
      (row, start, startTagEnd, end) => {
        const slot = newSlot();
        slot.start = start;
        slot.startTagEnd = startTagEnd;
        slot.end = end;
        slot.sourceRow = row;
        doc.slots[row - 1] = slot;
        doc.sourceRows++;
        if (cells && onRow) {
          doc.noteSharedIndexes(cells);
          slot.content = anyContent(cells);
          onRow(doc, slot, cells);
        }
      },
      cells,
    );
    if (dataEnd !== doc.layout.dataEnd) doc.layout = { ...doc.layout, dataEnd };
    doc.sourceLength = doc.slots.length;
    return doc;
  }

  /**
   * Rows were only added under the source's rows, which are all where they were and unchanged, and
   * the part before the rows needs no change (frozen header row, no dimension to update): the
   * source's bytes up to `</sheetData>` can stay as they are.
   */
  appendable(): boolean {
    if (this.shift || this.layout.selfClosing || !this.hasPane()) return false;
    if (new RegExp(`<${this.prefix}dimension\\b`).test(this.head())) return false;
    let kept = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      if (i < this.sourceLength) {
        if (slot.sourceRow !== i + 1 || slot.written || slot.formulasWritten) return false;
        kept++;
      } else if (slot.sourceRow !== 0) return false;
    }
    return kept === this.sourceRows;
  }

  /** The XML was let go after the load (read whole; only its head, tail and CRC are kept). */
  get released(): boolean {
    return this.source === null;
  }

  /**
   * The leading rows that are unchanged and where they were (a summary tab whose rows an import left
   * as they are): the first slot after them, and where they end in the source. Null when the part
   * before the rows would change (as appendable()).
   */
  keptPrefix(): { slot: number; offset: number } | null {
    if (this.shift || this.layout.selfClosing || !this.hasPane()) return null;
    if (new RegExp(`<${this.prefix}dimension\\b`).test(this.head())) return null;
    let offset = this.layout.dataStart;
    let i = 0;
    for (; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      if (slot.sourceRow !== i + 1 || slot.written || slot.formulasWritten) break;
      offset = slot.end;
    }
    return { slot: i, offset };
  }

  /** The source's `</sheetData>…`. */
  tail(): Buffer {
    return this.tailBytes ?? this.xml.subarray(this.layout.dataEnd);
  }

  /** CRC-32 and length of everything before the tail. */
  beforeTail(): { crc: number; size: number } {
    if (this.tailBytes) return { crc: this.prefixCrc, size: this.layout.dataEnd };
    return { crc: crc32(this.xml.subarray(0, this.layout.dataEnd)), size: this.layout.dataEnd };
  }

  /** The rows added under the source's rows, then the tail (appendable() sheets; `out` continues
   *  the source's compressed bytes up to its tail). */
  async writeAppended(out: StreamingDeflate, writer: CellWriter): Promise<void> {
    const sink = new ByteSink((bytes) => out.push(bytes));
    const sets = {
      columns: new Set(writer.columns),
      formulaColumns: new Set(writer.formulaColumns),
      headerColumns: new Set(writer.headerColumns),
    };
    const tags = tagsFor(this.prefix);
    for (let i = this.sourceLength; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      // Rows this import adds: no source cells.
      this.writeRow(slot, i + 1, writer, sets, tags, sink, { buf: EMPTY, base: 0 });
      const wait = sink.drained();
      if (wait) await wait;
    }
    await this.endRows(out, sink, this.tail());
  }

  /** The rows end on a full flush (see StreamingDeflate), then the tail. */
  private async endRows(out: StreamingDeflate, sink: ByteSink, tail: Uint8Array | string): Promise<void> {
    await sink.flush();
    await out.fullFlush();
    if (typeof tail === 'string') sink.markup(tail);
    else sink.bytes(tail);
    await sink.flush();
  }

  /** The cells of a source row, scanned into a buffer reused by the next call. */
  sourceCells(slot: RowSlot): RowCells {
    return this.cellsIn(slot, { buf: this.xml, base: 0 });
  }

  /** sourceCells, scanned in `src` (their positions are positions in `src.buf`). */
  private cellsIn(slot: RowSlot, src: SourceBytes): RowCells {
    if (slot.sourceRow === 0) {
      this.cells.count = 0;
      return this.cells;
    }
    scanCells(src.buf, slot.startTagEnd - src.base, slot.end - src.base, this.cells);
    this.noteSharedIndexes(this.cells, src.buf);
    return this.cells;
  }

  private noteSharedIndexes(cells: RowCells, buf: Buffer = this.xml): void {
    for (let k = 0; k < cells.count; k++) {
      const si = cells.hasFormula(k) ? sharedIndex(buf, cells, k) : -1;
      if (si > this.maxSharedIndex) this.maxSharedIndex = si;
    }
  }

  /** A source cell's column after the upgrade shift. */
  column(sourceColumn: number): number {
    return this.shift && sourceColumn >= this.shift.from ? sourceColumn + this.shift.by : sourceColumn;
  }

  /** Index of the last row holding any content (the header is row index 0). */
  lastContentRow(writer: CellWriter): number {
    const generated = new Set(writer.columns);
    for (let i = this.slots.length - 1; i > 0; i--) {
      const slot = this.slots[i];
      if (!slot) continue;
      if ((slot.written || slot.formulasWritten) && slot.values?.some((v) => v !== null && v !== ''))
        return i;
      if (!slot.written && slot.content !== null) {
        // Known from the first scan (the XML may have been released since).
        if (slot.content) return i;
        continue;
      }
      const cells = this.sourceCells(slot);
      for (let k = 0; k < cells.count; k++) {
        if (slot.written && generated.has(this.column(cells.col(k)))) continue;
        if (cells.hasContent(k)) return i;
      }
    }
    return 0;
  }

  slot(index: number): RowSlot {
    let slot = this.slots[index];
    if (!slot) {
      slot = newSlot();
      this.slots[index] = slot;
    }
    return slot;
  }

  /** Removes whole rows (indexes ascending, distinct); rows below move up. */
  deleteRows(indexes: readonly number[]): void {
    for (let k = indexes.length - 1; k >= 0; ) {
      let first = indexes[k]!;
      let count = 1;
      while (k - count >= 0 && indexes[k - count] === first - 1) {
        first--;
        count++;
      }
      if (first < this.slots.length) this.slots.splice(first, count);
      k -= count;
    }
    this.dirty = true;
  }

  /** Whether the sheet view freezes anything (a header row cjet froze, or the user's own pane). */
  hasPane(): boolean {
    return new RegExp(`<${this.prefix}pane\\b`).test(this.head());
  }

  /** The sheet XML, patched and streamed to `out`. */
  async write(out: StreamingDeflate, writer: CellWriter): Promise<void> {
    const { xml, layout, prefix } = this;
    const head = layout.selfClosing
      ? `${xml.toString('utf8', 0, layout.selfClosing.start)}<${prefix}sheetData>`
      : xml.toString('utf8', 0, layout.dataStart);
    const tail = layout.selfClosing
      ? `</${prefix}sheetData>${xml.toString('utf8', layout.selfClosing.end)}`
      : xml.toString('utf8', layout.dataEnd);
    const sink = new ByteSink((bytes) => out.push(bytes));
    sink.markup(this.patchHead(head));
    await this.writeSlots(out, sink, writer, 0, { buf: xml, base: 0 });
    await this.endRows(out, sink, this.shift ? shiftRanges(tail, this.shift) : tail);
  }

  /**
   * The rows from `kept.slot` on, then the tail, for a sheet whose compressed source is kept up to
   * `from` (a full-flush point at or before `kept.offset`, keptPrefix()): the source's bytes from
   * there to the end of the unchanged rows, then the rows after them.
   */
  async writeKept(
    out: StreamingDeflate,
    writer: CellWriter,
    kept: { slot: number; offset: number },
    from: number,
  ): Promise<void> {
    const sink = new ByteSink((bytes) => out.push(bytes));
    const src = this.bytesFrom(from);
    sink.bytes(src.buf.subarray(from - src.base, kept.offset - src.base));
    await this.writeSlots(out, sink, writer, kept.slot, src);
    await this.endRows(out, sink, this.tail());
  }

  private async writeSlots(
    out: StreamingDeflate,
    sink: ByteSink,
    writer: CellWriter,
    first: number,
    src: SourceBytes,
  ): Promise<void> {
    const { prefix } = this;
    const { buf, base } = src;
    const sets = {
      columns: new Set(writer.columns),
      formulaColumns: new Set(writer.formulaColumns),
      headerColumns: new Set(writer.headerColumns),
    };
    const tags = tagsFor(prefix);
    // Runs of rows copied as they are go out as one byte range of the source.
    let copyStart = -1;
    let copyEnd = -1;
    const flushCopy = () => {
      if (copyStart >= 0) sink.bytes(buf.subarray(copyStart - base, copyEnd - base));
      copyStart = copyEnd = -1;
    };
    // A full flush at every FLUSH_EVERY bytes of the part, between rows: a later import that changes
    // only the last rows (a summary tab's new rows and totals) keeps everything before the last
    // flush compressed (by the part's offsets, so that kept writes add flushes too).
    const flushAfter = (written: number) => (Math.floor(written / FLUSH_EVERY) + 1) * FLUSH_EVERY;
    let nextFlush = flushAfter(out.written + sink.buffered);
    for (let i = first; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) continue;
      const row = i + 1;
      if (!slot.written && !slot.formulasWritten && slot.sourceRow === row && !this.shift) {
        // Adjacent in the source (nothing but whitespace between): extend the run.
        const next = copyStart >= 0 && slot.start !== copyEnd ? buf.indexOf(LT, copyEnd - base) : -1;
        if (copyStart >= 0 && (slot.start === copyEnd || (next >= 0 && next + base >= slot.start))) {
          copyEnd = slot.end;
          continue;
        }
        flushCopy();
        copyStart = slot.start;
        copyEnd = slot.end;
      } else {
        flushCopy();
        this.writeRow(slot, row, writer, sets, tags, sink, src);
      }
      if (out.written + sink.buffered >= nextFlush) {
        flushCopy();
        await sink.flush();
        await out.fullFlush();
        nextFlush = flushAfter(out.written);
      }
      const wait = sink.drained();
      if (wait) await wait;
    }
    flushCopy();
  }

  private writeRow(
    slot: RowSlot,
    row: number,
    writer: CellWriter,
    sets: Record<'columns' | 'formulaColumns' | 'headerColumns', ReadonlySet<number>>,
    tags: Tags,
    sink: ByteSink,
    src: SourceBytes,
  ): void {
    const { prefix } = this;
    // The managed cells generated for this row (all others are the source's cells).
    const kind = !slot.written
      ? slot.formulasWritten
        ? 'formulaColumns'
        : null
      : row === 1
        ? 'headerColumns'
        : 'columns';
    const own = kind ? writer[kind] : [];
    if (slot.sourceRow === 0) {
      sink.raw(`<${prefix}row r="`);
      sink.int(row);
      sink.raw('">');
      for (const column of own) writer.cell(column, slot, row, tags, sink);
      sink.raw(`</${prefix}row>`);
      return;
    }
    const xml = src.buf;
    let tag = removeAttr(xml.toString('utf8', slot.start - src.base, slot.startTagEnd - src.base), 'spans');
    tag = setAttr(tag, 'r', String(row));
    if (tag.endsWith('/>')) tag = `${tag.slice(0, -2).trimEnd()}>`;
    sink.markup(tag);
    // Source cells are in column order, and so are the generated ones: merge the two.
    const replaced = kind ? sets[kind] : null;
    const cells = this.cellsIn(slot, src);
    let g = 0;
    for (let k = 0; k < cells.count; k++) {
      const column = this.column(cells.col(k));
      if (replaced?.has(column)) continue;
      while (g < own.length && own[g]! < column) writer.cell(own[g++]!, slot, row, tags, sink);
      if (column === cells.col(k) && row === slot.sourceRow) {
        sink.bytes(xml.subarray(cells.start(k), cells.end(k)));
      } else {
        const cellTag = xml.toString('utf8', cells.start(k), cells.startTagEnd(k));
        sink.markup(setAttr(cellTag, 'r', `${columnLetter(column + 1)}${row}`));
        sink.bytes(xml.subarray(cells.startTagEnd(k), cells.end(k)));
      }
    }
    while (g < own.length) writer.cell(own[g++]!, slot, row, tags, sink);
    sink.raw(`</${prefix}row>`);
  }

  /** No dimension, a frozen header row where the sheet has no pane, the user's column widths
   *  shifted with their columns. */
  private patchHead(head: string): string {
    const { prefix } = this;
    let out = head;
    // No dimension: it would change with every row added, and readers work it out themselves.
    out = out.replace(new RegExp(`<${prefix}dimension\\b[^>]*?(?:/>|>[^<]*</${prefix}dimension>)`), '');
    if (!new RegExp(`<${prefix}pane\\b`).test(out)) {
      const pane = `<${prefix}pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`;
      const view = new RegExp(`<${prefix}sheetView\\b[^>]*?(/?)>`).exec(out);
      if (view) {
        const tag = view[0];
        const opened = view[1] ? `${tag.slice(0, -2).trimEnd()}>` : tag;
        const close = view[1] ? `</${prefix}sheetView>` : '';
        out = out.slice(0, view.index) + opened + pane + close + out.slice(view.index + tag.length);
      } else {
        // No view at all: one that freezes the header, where CT_Worksheet puts sheetViews.
        const next = new RegExp(`<${prefix}(?:sheetFormatPr|cols|sheetData)\\b`).exec(out);
        const views = `<${prefix}sheetViews><${prefix}sheetView workbookViewId="0">${pane}</${prefix}sheetView></${prefix}sheetViews>`;
        if (next) out = out.slice(0, next.index) + views + out.slice(next.index);
      }
    }
    if (this.shift) out = shiftCols(out, prefix, this.shift);
    return out;
  }
}

const LT = 0x3c;

const EMPTY = Buffer.alloc(0);

/** Source bytes and the offset of their first byte in the sheet's XML. */
interface SourceBytes {
  buf: Buffer;
  base: number;
}

/** Uncompressed bytes between two full flushes of a sheet written whole. */
const FLUSH_EVERY = 1 << 20;

function anyContent(cells: RowCells): boolean {
  for (let k = 0; k < cells.count; k++) if (cells.hasContent(k)) return true;
  return false;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n;
}

/** `<col min max>` ranges of the user's columns moved right with them (1-based, `from` 0-based). */
function shiftCols(head: string, prefix: string, shift: { from: number; by: number }): string {
  return head.replace(new RegExp(`<${prefix}col\\b[^>]*>`, 'g'), (tag) => {
    const min = Number(getAttr(tag, 'min'));
    const max = Number(getAttr(tag, 'max'));
    if (!Number.isFinite(min) || !Number.isFinite(max) || max <= shift.from) return tag;
    if (min > shift.from) {
      return setAttr(setAttr(tag, 'min', String(min + shift.by)), 'max', String(max + shift.by));
    }
    // A range across the insertion point: the managed part stays, the user's part moves.
    const left = setAttr(tag, 'max', String(shift.from));
    const right = setAttr(
      setAttr(tag, 'min', String(shift.from + 1 + shift.by)),
      'max',
      String(max + shift.by),
    );
    return left + right;
  });
}

/** A1 ranges in the tail (`sqref`, `ref`, `<xm:sqref>`) moved with the user's columns. */
function shiftRanges(tail: string, shift: { from: number; by: number }): string {
  const moveRef = (ref: string) =>
    ref.replace(/(\$?)([A-Z]{1,3})(\$?)(\d+)/g, (_, d1: string, letters: string, d2: string, row: string) => {
      const column = columnNumber(letters) - 1;
      const moved = column >= shift.from ? column + shift.by : column;
      return `${d1}${columnLetter(moved + 1)}${d2}${row}`;
    });
  return tail
    .replace(/(\s(?:sqref|ref)=")([^"]*)"/g, (_, attr: string, refs: string) => `${attr}${moveRef(refs)}"`)
    .replace(
      /(<(?:\w+:)?sqref>)([^<]*)(<\/)/g,
      (_, open: string, refs: string, close: string) => `${open}${moveRef(refs)}${close}`,
    );
}
