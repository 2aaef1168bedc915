/**
 * The workbook as a package of parts (OPC): the zip's entries, the workbook part with its sheet list
 * and defined names, its relationships, and the content types. Parts are edited as text and only the
 * parts that must change are written; every other entry is copied through (zip.ts).
 */
import { posix } from 'node:path';
import type { Entry } from '@zip.js/zip.js';
import {
  elements,
  escapeAttr,
  escapeText,
  firstElementAt,
  getAttr,
  rootPrefix,
  setAttr,
  unescapeXml,
} from './xml';
import {
  contentOf,
  type Deflated,
  deflateSync,
  inflate,
  type OutputPart,
  readZip,
  storedBytes,
  type ZipPart,
} from './zip';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_OFFICE_DOCUMENT = `${REL}/officeDocument`;
const REL_WORKSHEET = `${REL}/worksheet`;
const REL_SHARED_STRINGS = `${REL}/sharedStrings`;
const REL_STYLES = `${REL}/styles`;
const WORKSHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const STYLES_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';

export interface SheetEntry {
  name: string;
  /** Worksheet part path inside the zip (no leading slash), or null for chart/dialog sheets. */
  part: string | null;
}

export interface DefinedName {
  name: string;
  /** Unescaped reference text (`'주문'!$A$1:$AF$10`). */
  ref: string;
  /** Sheet-scoped names carry the sheet's position. */
  localSheetId: number | null;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** Thrown when the bytes are not a workbook this port can read (the caller words the message). */
export class NotAWorkbook extends Error {
  constructor(
    readonly reason: 'not-zip' | 'no-workbook' | 'damaged',
    detail: string,
  ) {
    super(detail);
  }
}

export class WorkbookPackage {
  /** Source entries in their zip order (empty for a new workbook). */
  private readonly entries: ZipPart[];
  private readonly byName = new Map<string, ZipPart>();
  /** Text of parts read or edited, by lower-case path. */
  private readonly texts = new Map<string, string>();
  private readonly edited = new Set<string>();
  /** Parts written elsewhere (sheets, deflated while streamed), by lower-case path. */
  private readonly deflated = new Map<string, Deflated>();
  /** Parts that did not exist in the source, in the order they were added. */
  private readonly added: string[] = [];
  readonly workbookPath: string;
  readonly relsPath: string;
  sheets: SheetEntry[] = [];
  sharedStringsPath: string | null = null;
  stylesPath: string | null = null;

  private constructor(entries: ZipPart[], workbookPath: string) {
    this.entries = entries;
    for (const part of entries) this.byName.set(part.name.toLowerCase(), part);
    this.workbookPath = workbookPath;
    this.relsPath = posix.join(posix.dirname(workbookPath), '_rels', `${posix.basename(workbookPath)}.rels`);
  }

  static async open(bytes: Uint8Array): Promise<WorkbookPackage> {
    const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    let entries: ZipPart[];
    try {
      entries = await readZip(bytes);
    } catch (error) {
      throw new NotAWorkbook(
        zip ? 'damaged' : 'not-zip',
        error instanceof Error ? error.message : String(error),
      );
    }
    const probe = new WorkbookPackage(entries, 'xl/workbook.xml');
    try {
      const rootRels = await probe.textOrNull('_rels/.rels');
      const main = rootRels ? parseRels(rootRels, '').find((r) => r.type === REL_OFFICE_DOCUMENT) : null;
      if (!main) throw new NotAWorkbook('no-workbook', 'no officeDocument relationship');
      const pkg = new WorkbookPackage(entries, main.target);
      await pkg.readStructure();
      return pkg;
    } catch (error) {
      if (error instanceof NotAWorkbook) throw error;
      throw new NotAWorkbook('damaged', error instanceof Error ? error.message : String(error));
    }
  }

  /** A new, empty workbook (its sheets are added by the port). */
  static create(styles: string): WorkbookPackage {
    const pkg = new WorkbookPackage([], 'xl/workbook.xml');
    pkg.put(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        `<Override PartName="/xl/styles.xml" ContentType="${STYLES_TYPE}"/>` +
        '</Types>',
    );
    pkg.put(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_OFFICE_DOCUMENT}" Target="xl/workbook.xml"/></Relationships>`,
    );
    pkg.put(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}">` +
        '<workbookPr/><bookViews><workbookView/></bookViews><sheets></sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>',
    );
    pkg.put(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_STYLES}" Target="styles.xml"/></Relationships>`,
    );
    pkg.put('xl/styles.xml', styles);
    pkg.stylesPath = 'xl/styles.xml';
    return pkg;
  }

  /** Reads the parts every import edits (so that edits are synchronous later). */
  private async readStructure(): Promise<void> {
    for (const path of [this.workbookPath, this.relsPath, '[Content_Types].xml']) await this.load(path);
    const workbook = this.text(this.workbookPath);
    const rels = parseRels(this.text(this.relsPath), posix.dirname(this.workbookPath));
    const byId = new Map(rels.map((r) => [r.id, r]));
    const relPrefix = relationshipPrefix(workbook);
    const sheets = elements(workbook, 'sheets')[0];
    if (!sheets) throw new NotAWorkbook('damaged', 'workbook without sheets');
    this.sheets = elements(sheets.text, 'sheet').map(({ tag }) => {
      const rel = byId.get(getAttr(tag, `${relPrefix}id`) ?? '');
      return {
        name: getAttr(tag, 'name') ?? '',
        part: rel?.type === REL_WORKSHEET && this.has(rel.target) ? rel.target : null,
      };
    });
    const sst = rels.find((r) => r.type === REL_SHARED_STRINGS);
    this.sharedStringsPath = sst && this.has(sst.target) ? sst.target : null;
    const styles = rels.find((r) => r.type === REL_STYLES);
    this.stylesPath = styles && this.has(styles.target) ? styles.target : null;
    if (this.stylesPath) await this.load(this.stylesPath);
  }

  has(path: string): boolean {
    const key = path.toLowerCase();
    return this.byName.has(key) || this.texts.has(key) || this.deflated.has(key);
  }

  /** Content of a source part (not edits). `limit`: only the first compressed bytes. */
  async content(path: string, limit?: number): Promise<Buffer> {
    const { bytes, method, size } = await this.stored(path);
    return inflate(bytes, method, limit, size);
  }

  /** Stored bytes read so far (sheets are read once for their header, again for their rows). */
  private readonly storedParts = new Map<string, { bytes: Uint8Array; method: number; size: number }>();

  /** A source part's bytes as stored (still compressed) and how they are compressed. */
  async stored(path: string): Promise<{ bytes: Uint8Array; method: number; size: number }> {
    const key = path.toLowerCase();
    let stored = this.storedParts.get(key);
    if (!stored) {
      const entry = this.entry(path);
      stored = {
        bytes: await storedBytes(entry),
        method: entry.compressionMethod,
        size: entry.uncompressedSize,
      };
      this.storedParts.set(key, stored);
    }
    return stored;
  }

  /** Forgets the stored bytes read so far, except those of the parts `keep` names (sheets a tab may
   *  still ask for: read synchronously then, see storedSync). */
  dropStored(keep: (path: string) => boolean = () => false): void {
    for (const key of [...this.storedParts.keys()]) if (!keep(key)) this.storedParts.delete(key);
  }

  /** A source part's stored bytes if they were read before and kept (null otherwise). */
  storedSync(path: string): { bytes: Uint8Array; method: number; size: number } | null {
    return this.storedParts.get(path.toLowerCase()) ?? null;
  }

  private entry(path: string): Entry {
    const part = this.byName.get(path.toLowerCase());
    if (!part) throw new Error(`no part ${path}`);
    return part.entry;
  }

  /** Reads a source part's text into memory (text() then answers synchronously). */
  async load(path: string): Promise<string> {
    const key = path.toLowerCase();
    const known = this.texts.get(key);
    if (known !== undefined) return known;
    const text = (await this.content(path)).toString('utf8');
    this.texts.set(key, text);
    return text;
  }

  /** Text of a part loaded before (or put by this import). */
  text(path: string): string {
    const text = this.texts.get(path.toLowerCase());
    if (text === undefined) throw new Error(`part ${path} was not loaded`);
    return text;
  }

  private async textOrNull(path: string): Promise<string | null> {
    return this.byName.has(path.toLowerCase()) ? this.load(path) : null;
  }

  /** Replaces (or adds) a part's text; written only if it differs from the source. */
  put(path: string, text: string): void {
    const key = path.toLowerCase();
    if (!this.byName.has(key) && !this.added.includes(path)) this.added.push(path);
    this.texts.set(key, text);
    this.edited.add(key);
  }

  putDeflated(path: string, deflated: Deflated): void {
    const key = path.toLowerCase();
    if (!this.byName.has(key) && !this.added.includes(path)) this.added.push(path);
    this.deflated.set(key, deflated);
  }

  /** Adds a worksheet part named `name` at the end of the sheet list; returns its part path. */
  addSheet(name: string): string {
    let n = this.sheets.length + 1;
    while (this.has(`xl/worksheets/sheet${n}.xml`)) n++;
    const part = `xl/worksheets/sheet${n}.xml`;
    const workbook = this.text(this.workbookPath);
    const relsText = this.text(this.relsPath);
    const rels = parseRels(relsText, posix.dirname(this.workbookPath));
    let id = rels.length + 1;
    while (rels.some((r) => r.id === `rId${id}`)) id++;
    const relPrefix = relationshipPrefix(workbook);
    const sheetIds = elements(workbook, 'sheet').map(({ tag }) => Number(getAttr(tag, 'sheetId') ?? 0));
    const sheetId = Math.max(0, ...sheetIds) + 1;
    const p = rootPrefix(workbook);
    const sheet = `<${p}sheet name="${escapeAttr(name)}" sheetId="${sheetId}" ${relPrefix}id="rId${id}"/>`;
    this.put(this.workbookPath, insertBeforeClose(workbook, 'sheets', sheet, p));
    const target = posix.relative(posix.dirname(this.workbookPath), part);
    const rel = `<Relationship Id="rId${id}" Type="${REL_WORKSHEET}" Target="${escapeAttr(target)}"/>`;
    this.put(
      this.relsPath,
      relsText.replace(/<\/(\w+:)?Relationships>\s*$/, (close) => `${rel}${close}`),
    );
    this.addContentType(part, WORKSHEET_TYPE);
    this.sheets.push({ name, part });
    return part;
  }

  /** A styles part for a workbook that has none. */
  addStyles(text: string): string {
    let part = posix.join(posix.dirname(this.workbookPath), 'styles.xml');
    for (let n = 2; this.has(part); n++)
      part = posix.join(posix.dirname(this.workbookPath), `styles${n}.xml`);
    this.put(part, text);
    const relsText = this.text(this.relsPath);
    const rels = parseRels(relsText, posix.dirname(this.workbookPath));
    let id = rels.length + 1;
    while (rels.some((r) => r.id === `rId${id}`)) id++;
    const target = posix.relative(posix.dirname(this.workbookPath), part);
    const rel = `<Relationship Id="rId${id}" Type="${REL_STYLES}" Target="${target}"/>`;
    this.put(
      this.relsPath,
      relsText.replace(/<\/(\w+:)?Relationships>\s*$/, (close) => `${rel}${close}`),
    );
    this.addContentType(part, STYLES_TYPE);
    this.stylesPath = part;
    return part;
  }

  private addContentType(part: string, type: string): void {
    const types = this.text('[Content_Types].xml');
    const override = `<Override PartName="/${escapeAttr(part)}" ContentType="${type}"/>`;
    this.put(
      '[Content_Types].xml',
      types.replace(/<\/(\w+:)?Types>\s*$/, (close) => `${override}${close}`),
    );
  }

  /** The workbook's defined names. */
  definedNames(): DefinedName[] {
    const workbook = this.text(this.workbookPath);
    const block = elements(workbook, 'definedNames')[0];
    if (!block) return [];
    return elements(block.text, 'definedName').map(({ text, tag }) => {
      const local = getAttr(tag, 'localSheetId');
      return {
        name: getAttr(tag, 'name') ?? '',
        ref: unescapeXml(text.slice(tag.length).replace(/<\/(\w+:)?definedName>$/, '')),
        localSheetId: local === null ? null : Number(local),
      };
    });
  }

  /**
   * Rewrites the workbook-level names this import owns (`owned(name)`, no sheet scope) and asks the
   * application to recalculate on load. Every other name and element is kept as written.
   */
  setNames(owned: (name: string) => boolean, names: readonly { name: string; ref: string }[]): void {
    const workbook = this.text(this.workbookPath);
    const p = rootPrefix(workbook);
    const ours = names
      .map((n) => `<${p}definedName name="${escapeAttr(n.name)}">${escapeText(n.ref)}</${p}definedName>`)
      .join('');
    let out = workbook;
    const block = elements(out, 'definedNames')[0];
    if (block) {
      const kept = elements(block.text, 'definedName')
        .filter(({ tag }) => getAttr(tag, 'localSheetId') !== null || !owned(getAttr(tag, 'name') ?? ''))
        .map((e) => e.text)
        .join('');
      const body = kept + ours;
      const replacement = body ? `<${p}definedNames>${body}</${p}definedNames>` : '';
      out = out.slice(0, block.start) + replacement + out.slice(block.end);
    } else if (ours) {
      const at = firstElementAt(out, WORKBOOK_AFTER_NAMES);
      const close = out.lastIndexOf(`</${p}workbook>`);
      const insertAt = at >= 0 ? at : close;
      out = `${out.slice(0, insertAt)}<${p}definedNames>${ours}</${p}definedNames>${out.slice(insertAt)}`;
    }
    const calc = new RegExp(`<${p}calcPr\\b[^>]*>`).exec(out);
    if (calc) {
      out =
        out.slice(0, calc.index) +
        setAttr(calc[0], 'fullCalcOnLoad', '1') +
        out.slice(calc.index + calc[0].length);
    } else {
      const at = firstElementAt(out, WORKBOOK_AFTER_CALC);
      const insertAt = at >= 0 ? at : out.lastIndexOf(`</${p}workbook>`);
      out = `${out.slice(0, insertAt)}<${p}calcPr fullCalcOnLoad="1"/>${out.slice(insertAt)}`;
    }
    if (out !== workbook) this.put(this.workbookPath, out);
  }

  /** Every part in output order: source entries (copied unless changed), then added parts. */
  outputParts(): OutputPart[] {
    const parts: OutputPart[] = [];
    const changed = (key: string): Deflated | null => {
      const deflated = this.deflated.get(key);
      if (deflated) return deflated;
      if (!this.edited.has(key)) return null;
      return deflateSync(this.texts.get(key) ?? '');
    };
    for (const { name, entry } of this.entries) {
      const deflated = changed(name.toLowerCase());
      parts.push(deflated ? { name, deflated } : { name, copy: entry });
    }
    for (const name of this.added) {
      const deflated = changed(name.toLowerCase());
      if (deflated) parts.push({ name, deflated });
    }
    return parts;
  }

  /** Parts whose text was edited but is the same as the source are copied, not rewritten. */
  async dropUnchangedEdits(): Promise<void> {
    for (const key of [...this.edited]) {
      const part = this.byName.get(key);
      if (!part) continue;
      const source = (await contentOf(part.entry)).toString('utf8');
      if (source === this.texts.get(key)) this.edited.delete(key);
    }
  }
}

/** Elements of a workbook that follow definedNames / calcPr (ECMA-376 CT_Workbook order). */
const WORKBOOK_AFTER_CALC = [
  'oleSize',
  'customWorkbookViews',
  'pivotCaches',
  'smartTagPr',
  'smartTagTypes',
  'webPublishing',
  'fileRecoveryPr',
  'webPublishObjects',
  'extLst',
];
const WORKBOOK_AFTER_NAMES = ['calcPr', ...WORKBOOK_AFTER_CALC];

function parseRels(xml: string, baseDir: string): Relationship[] {
  return elements(xml, 'Relationship').flatMap(({ tag }) => {
    if (getAttr(tag, 'TargetMode') === 'External') return [];
    const target = getAttr(tag, 'Target') ?? '';
    const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(baseDir, target));
    return [{ id: getAttr(tag, 'Id') ?? '', type: getAttr(tag, 'Type') ?? '', target: resolved }];
  });
}

/** The prefix the workbook part uses for the relationships namespace (`r:` almost always). */
function relationshipPrefix(workbook: string): string {
  const match = new RegExp(`xmlns:(\\w+)="${REL.replace(/[./]/g, '\\$&')}"`).exec(workbook);
  return match ? `${match[1]}:` : 'r:';
}

function insertBeforeClose(xml: string, name: string, child: string, prefix: string): string {
  const selfClosing = new RegExp(`<${prefix}${name}(\\s[^>]*)?/>`).exec(xml);
  if (selfClosing) {
    const open = selfClosing[0].slice(0, -2).trimEnd();
    return `${xml.slice(0, selfClosing.index)}${open}>${child}</${prefix}${name}>${xml.slice(selfClosing.index + selfClosing[0].length)}`;
  }
  const close = xml.indexOf(`</${prefix}${name}>`);
  if (close < 0) throw new Error(`no <${name}>`);
  return xml.slice(0, close) + child + xml.slice(close);
}
