/**
 * Developer metadata (spreadsheet- and sheet-level) and named ranges. Users rename tabs, so managed
 * tabs are found by metadata rather than by name (apps-script-notes.md).
 */
import { gasError, messages } from './errors.js';
import { Range } from './range.js';
import { GAS_TYPE, GasObject } from './realm.js';
import { Sheet } from './sheet.js';
import type { MetadataState, NamedRangeState, SpreadsheetState } from './spreadsheet-state.js';

export const DeveloperMetadataVisibility = Object.freeze({ DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' });
export const DeveloperMetadataLocationType = Object.freeze({
  SPREADSHEET: 'SPREADSHEET',
  SHEET: 'SHEET',
  ROW: 'ROW',
  COLUMN: 'COLUMN',
});

/** Metadata keys: 1..256 characters (Sheets API limit). */
export function addMetadata(ss: SpreadsheetState, sheetId: number | null, args: readonly unknown[]): void {
  const [key, second, third] = args;
  if (typeof key !== 'string' || key.length === 0 || key.length > 256)
    throw gasError(messages.invalidArgument('key'));
  let value: string | null = null;
  let visibility: 'DOCUMENT' | 'PROJECT' = 'DOCUMENT';
  // (key, visibility) vs (key, value): our enum values are strings, so an exact enum name means visibility.
  if (args.length === 2 && (second === 'DOCUMENT' || second === 'PROJECT')) visibility = second;
  else if (second !== undefined) value = String(second);
  if (third === 'DOCUMENT' || third === 'PROJECT') visibility = third;
  ss.metadata.push({ id: ss.nextObjectId(), key, value, visibility, sheetId });
}

export class DeveloperMetadataLocation extends GasObject {
  readonly [GAS_TYPE] = 'DeveloperMetadataLocation';
  readonly #ss: SpreadsheetState;
  readonly #state: MetadataState;

  constructor(ss: SpreadsheetState, state: MetadataState) {
    super();
    this.#ss = ss;
    this.#state = state;
  }

  getLocationType(): string {
    return this.#state.sheetId === null ? 'SPREADSHEET' : 'SHEET';
  }

  getSheet(): Sheet | null {
    if (this.#state.sheetId === null) return null;
    const sheet = this.#ss.sheetById(this.#state.sheetId);
    return sheet ? new Sheet(this.#ss, sheet) : null;
  }
}

export class DeveloperMetadata extends GasObject {
  readonly [GAS_TYPE] = 'DeveloperMetadata';
  readonly #ss: SpreadsheetState;
  readonly #state: MetadataState;

  constructor(ss: SpreadsheetState, state: MetadataState) {
    super();
    this.#ss = ss;
    this.#state = state;
  }

  getId(): number {
    return this.#state.id;
  }

  getKey(): string {
    return this.#state.key;
  }

  getValue(): string | null {
    return this.#state.value;
  }

  getVisibility(): string {
    return this.#state.visibility;
  }

  getLocation(): DeveloperMetadataLocation {
    return new DeveloperMetadataLocation(this.#ss, this.#state);
  }

  setKey(key: unknown): this {
    if (typeof key !== 'string' || key.length === 0) throw gasError(messages.invalidArgument('key'));
    this.#state.key = key;
    return this;
  }

  setValue(value: unknown): this {
    this.#state.value = value === null ? null : String(value);
    return this;
  }

  remove(): void {
    this.#ss.metadata = this.#ss.metadata.filter((m) => m !== this.#state);
  }
}

export class DeveloperMetadataFinder extends GasObject {
  readonly [GAS_TYPE] = 'DeveloperMetadataFinder';
  readonly #ss: SpreadsheetState;
  readonly #filters: ((m: MetadataState) => boolean)[];

  constructor(ss: SpreadsheetState, scopeSheetId: number | null) {
    super();
    this.#ss = ss;
    this.#filters = scopeSheetId === null ? [] : [(m) => m.sheetId === scopeSheetId];
  }

  withKey(key: unknown): this {
    this.#filters.push((m) => m.key === key);
    return this;
  }

  withValue(value: unknown): this {
    this.#filters.push((m) => m.value === value);
    return this;
  }

  withId(id: unknown): this {
    this.#filters.push((m) => m.id === id);
    return this;
  }

  withVisibility(visibility: unknown): this {
    this.#filters.push((m) => m.visibility === visibility);
    return this;
  }

  withLocationType(type: unknown): this {
    this.#filters.push((m) => (m.sheetId === null ? 'SPREADSHEET' : 'SHEET') === type);
    return this;
  }

  find(): DeveloperMetadata[] {
    return this.#ss.metadata
      .filter((m) => this.#filters.every((f) => f(m)))
      .map((m) => new DeveloperMetadata(this.#ss, m));
  }
}

export class NamedRange extends GasObject {
  readonly [GAS_TYPE] = 'NamedRange';
  readonly #ss: SpreadsheetState;
  readonly #state: NamedRangeState;

  constructor(ss: SpreadsheetState, state: NamedRangeState) {
    super();
    this.#ss = ss;
    this.#state = state;
  }

  getName(): string {
    return this.#state.name;
  }

  getRange(): Range {
    const sheet = this.#ss.sheetById(this.#state.sheetId);
    if (!sheet) throw gasError(messages.rangeNotFound);
    return new Range(this.#ss, sheet, { ...this.#state.rect });
  }

  setRange(range: unknown): this {
    if (!(range instanceof Range)) throw gasError(messages.invalidArgument('range'));
    this.#state.sheetId = range._sheetState().id;
    this.#state.rect = range._rect();
    return this;
  }

  remove(): void {
    this.#ss.namedRanges.delete(this.#state.name);
  }
}
