/**
 * SpreadsheetApp and Spreadsheet. Only the active (container) spreadsheet exists. openById/openByUrl
 * need the full `spreadsheets` scope (scopes.ts), which the add-on's manifest does not declare.
 */
import { parseA1, splitSheetPrefix } from './a1.js';
import { gasError, messages, signatureError } from './errors.js';
import {
  addMetadata,
  DeveloperMetadata,
  DeveloperMetadataFinder,
  DeveloperMetadataLocationType,
  DeveloperMetadataVisibility,
  NamedRange,
} from './metadata.js';
import { Protection, ProtectionType } from './protection.js';
import { Range } from './range.js';
import { GAS_TYPE, GasObject } from './realm.js';
import { Sheet } from './sheet.js';
import type { SpreadsheetState } from './spreadsheet-state.js';
import { isValidTimeZone } from './timezone.js';
import { DataValidationBuilder, DataValidationCriteria } from './validation.js';

const NAMED_RANGE_RE = /^[A-Za-z_][A-Za-z0-9_.]{0,249}$/;

export class Spreadsheet extends GasObject {
  readonly [GAS_TYPE] = 'Spreadsheet';
  readonly #ss: SpreadsheetState;

  constructor(ss: SpreadsheetState) {
    super();
    this.#ss = ss;
  }

  getId(): string {
    return this.#ss.id;
  }

  getName(): string {
    return this.#ss.name;
  }

  rename(name: unknown): void {
    this.#ss.name = String(name);
  }

  getUrl(): string {
    return this.#ss.url;
  }

  getSpreadsheetTimeZone(): string {
    return this.#ss.timeZone;
  }

  setSpreadsheetTimeZone(timeZone: unknown): void {
    if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone))
      throw gasError(messages.invalidArgument('timezone'));
    this.#ss.timeZone = timeZone;
  }

  getSpreadsheetLocale(): string {
    return this.#ss.locale;
  }

  getSheets(): Sheet[] {
    return this.#ss.sheets.map((s) => new Sheet(this.#ss, s));
  }

  getNumSheets(): number {
    return this.#ss.sheets.length;
  }

  /** null when missing (never throws); names match case-insensitively. */
  getSheetByName(name: unknown): Sheet | null {
    if (typeof name !== 'string') throw signatureError([name], 'SpreadsheetApp.Spreadsheet.getSheetByName');
    const sheet = this.#ss.findSheet(name);
    return sheet ? new Sheet(this.#ss, sheet) : null;
  }

  getSheetById(id: unknown): Sheet | null {
    const sheet = this.#ss.sheetById(Number(id));
    return sheet ? new Sheet(this.#ss, sheet) : null;
  }

  /** insertSheet(), insertSheet(index), insertSheet(name), insertSheet(name, index[, options]). */
  insertSheet(...args: unknown[]): Sheet {
    const [first, second] = args;
    let name: string;
    let index: number;
    if (first === undefined) {
      name = this.#ss.defaultSheetName();
      index = this.#activeIndex() + 1;
    } else if (typeof first === 'number') {
      name = this.#ss.defaultSheetName();
      index = first;
    } else if (typeof first === 'string') {
      name = first;
      index = typeof second === 'number' ? second : this.#activeIndex() + 1;
    } else {
      throw signatureError(args, 'SpreadsheetApp.Spreadsheet.insertSheet');
    }
    if (index < 0 || index > this.#ss.sheets.length) throw gasError(messages.invalidArgument('sheetIndex'));
    const sheet = this.#ss.addSheet(name, index);
    this.#ss.meter?.structural(null, null);
    // Inserting a sheet makes it the active sheet, as in the UI.
    this.#ss.activeSheetId = sheet.id;
    return new Sheet(this.#ss, sheet);
  }

  #activeIndex(): number {
    return Math.max(
      0,
      this.#ss.sheets.findIndex((s) => s.id === this.#ss.activeSheetId),
    );
  }

  deleteSheet(sheet: unknown): void {
    if (!(sheet instanceof Sheet)) throw signatureError([sheet], 'SpreadsheetApp.Spreadsheet.deleteSheet');
    this.#ss.removeSheet(sheet._sheetState());
    this.#ss.meter?.structural(null, null);
  }

  getActiveSheet(): Sheet {
    const sheet = this.#ss.sheetById(this.#ss.activeSheetId) ?? this.#ss.sheets[0];
    if (!sheet) throw gasError(messages.rangeNotFound);
    return new Sheet(this.#ss, sheet);
  }

  /** The selection on the active sheet (A1 when the user selected nothing there). */
  getActiveRange(): Range {
    const sheet = this.getActiveSheet()._sheetState();
    const rect = this.#ss.selections.get(sheet.id) ?? { row: 1, col: 1, numRows: 1, numCols: 1 };
    return new Range(this.#ss, sheet, { ...rect });
  }

  /** The current cell: here the top-left cell of the selection (a click selects one cell). */
  getCurrentCell(): Range {
    const range = this.getActiveRange();
    const rect = range._rect();
    return new Range(this.#ss, range._sheetState(), { row: rect.row, col: rect.col, numRows: 1, numCols: 1 });
  }

  setActiveSheet(sheet: unknown): Sheet {
    if (!(sheet instanceof Sheet)) throw signatureError([sheet], 'SpreadsheetApp.Spreadsheet.setActiveSheet');
    const state = sheet._sheetState();
    this.#ss.activeSheetId = state.id;
    state.hidden = false;
    return sheet;
  }

  /** 'Sheet1!A1:B2'; without a sheet name the active sheet is used. */
  getRange(a1: unknown): Range {
    if (typeof a1 !== 'string') throw signatureError([a1], 'SpreadsheetApp.Spreadsheet.getRange');
    const { sheetName, ref } = splitSheetPrefix(a1);
    const sheet =
      sheetName === undefined ? this.#ss.sheetById(this.#ss.activeSheetId) : this.#ss.findSheet(sheetName);
    if (!sheet) throw gasError(messages.rangeNotFound);
    const rect = parseA1(ref, sheet.maxRows, sheet.maxColumns);
    sheet.assertInGrid(rect);
    return new Range(this.#ss, sheet, rect);
  }

  getRangeByName(name: unknown): Range | null {
    const nr = this.#ss.namedRanges.get(String(name));
    if (!nr) return null;
    const sheet = this.#ss.sheetById(nr.sheetId);
    return sheet ? new Range(this.#ss, sheet, { ...nr.rect }) : null;
  }

  setNamedRange(name: unknown, range: unknown): void {
    if (typeof name !== 'string' || !NAMED_RANGE_RE.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name)) {
      throw gasError(messages.invalidArgument('name'));
    }
    if (!(range instanceof Range))
      throw signatureError([name, range], 'SpreadsheetApp.Spreadsheet.setNamedRange');
    this.#ss.namedRanges.set(name, { name, sheetId: range._sheetState().id, rect: range._rect() });
  }

  getNamedRanges(): NamedRange[] {
    return [...this.#ss.namedRanges.values()].map((nr) => new NamedRange(this.#ss, nr));
  }

  removeNamedRange(name: unknown): void {
    this.#ss.namedRanges.delete(String(name));
  }

  toast(msg: unknown, title?: unknown, timeoutSeconds?: unknown): void {
    this.#ss.toasts.push({
      message: String(msg),
      title: title === undefined ? '' : String(title),
      timeoutSeconds: typeof timeoutSeconds === 'number' ? timeoutSeconds : 5,
    });
  }

  addDeveloperMetadata(...args: unknown[]): this {
    addMetadata(this.#ss, null, args);
    return this;
  }

  /** Spreadsheet-level metadata only (sheet-level entries are reached via a finder or the sheet). */
  getDeveloperMetadata(): DeveloperMetadata[] {
    return this.#ss.metadata.filter((m) => m.sheetId === null).map((m) => new DeveloperMetadata(this.#ss, m));
  }

  /** Searches the whole spreadsheet, sheet-level metadata included. */
  createDeveloperMetadataFinder(): DeveloperMetadataFinder {
    return new DeveloperMetadataFinder(this.#ss, null);
  }

  getProtections(type: unknown): Protection[] {
    if (type !== ProtectionType.SHEET && type !== ProtectionType.RANGE) {
      throw signatureError([type], 'SpreadsheetApp.Spreadsheet.getProtections');
    }
    return this.#ss.protections
      .filter((p) => (p.rect === undefined) === (type === ProtectionType.SHEET))
      .map((p) => new Protection(this.#ss, p));
  }
}

export interface SpreadsheetAppDeps {
  ss: SpreadsheetState;
  ui: () => GasObject;
  onFlush: () => void;
}

export class SpreadsheetAppImpl extends GasObject {
  readonly [GAS_TYPE] = 'SpreadsheetApp';
  readonly #deps: SpreadsheetAppDeps;

  constructor(deps: SpreadsheetAppDeps) {
    super();
    this.#deps = deps;
  }

  get ProtectionType() {
    return ProtectionType;
  }

  get DataValidationCriteria() {
    return DataValidationCriteria;
  }

  newDataValidation(): DataValidationBuilder {
    return new DataValidationBuilder();
  }

  get DeveloperMetadataVisibility() {
    return DeveloperMetadataVisibility;
  }

  get DeveloperMetadataLocationType() {
    return DeveloperMetadataLocationType;
  }

  getActive(): Spreadsheet {
    return new Spreadsheet(this.#deps.ss);
  }

  getActiveSpreadsheet(): Spreadsheet {
    return new Spreadsheet(this.#deps.ss);
  }

  getActiveSheet(): Sheet {
    return new Spreadsheet(this.#deps.ss).getActiveSheet();
  }

  getActiveRange(): Range {
    return new Spreadsheet(this.#deps.ss).getActiveRange();
  }

  getCurrentCell(): Range {
    return new Spreadsheet(this.#deps.ss).getCurrentCell();
  }

  getUi(): GasObject {
    return this.#deps.ui();
  }

  /** Expensive in Apps Script (one measurement: ~560 ms); counted so tests can cap it. */
  flush(): void {
    this.#deps.onFlush();
  }

  /** Only the container spreadsheet exists here; the scope check (scopes.ts) comes first. */
  openById(id: unknown): Spreadsheet {
    if (id !== this.#deps.ss.id) throw gasError(messages.openFailed('openById'));
    return new Spreadsheet(this.#deps.ss);
  }

  openByUrl(url: unknown): Spreadsheet {
    if (typeof url !== 'string' || !url.includes(`/d/${this.#deps.ss.id}`)) {
      throw gasError(messages.openFailed('openByUrl'));
    }
    return new Spreadsheet(this.#deps.ss);
  }
}
