/**
 * Protection (state in SpreadsheetState.protections). Warning-only protection suits generated tabs
 * (apps-script-notes.md). Editors are not modelled: the running user can always edit.
 */
import { gasError, messages } from './errors.js';
import { Range } from './range.js';
import { GAS_TYPE, GasObject } from './realm.js';
import type { ProtectionState } from './sheet-state.js';
import type { SpreadsheetState } from './spreadsheet-state.js';

export const ProtectionType = Object.freeze({ RANGE: 'RANGE', SHEET: 'SHEET' });

export class Protection extends GasObject {
  readonly [GAS_TYPE] = 'Protection';
  readonly #ss: SpreadsheetState;
  readonly #state: ProtectionState;

  constructor(ss: SpreadsheetState, state: ProtectionState) {
    super();
    this.#ss = ss;
    this.#state = state;
  }

  #sheet() {
    const sheet = this.#ss.sheetById(this.#state.sheetId);
    if (!sheet) throw gasError(messages.rangeNotFound);
    return sheet;
  }

  getProtectionType(): string {
    return this.#state.rect ? ProtectionType.RANGE : ProtectionType.SHEET;
  }

  setWarningOnly(warningOnly: unknown): this {
    this.#state.warningOnly = warningOnly === true;
    return this;
  }

  isWarningOnly(): boolean {
    return this.#state.warningOnly;
  }

  setDescription(description: unknown): this {
    this.#state.description = String(description);
    return this;
  }

  getDescription(): string {
    return this.#state.description;
  }

  /** Only meaningful for a sheet protection; ranges must be on the protected sheet. */
  setUnprotectedRanges(ranges: unknown): this {
    if (!Array.isArray(ranges) || !ranges.every((r) => r instanceof Range)) {
      throw gasError(messages.invalidArgument('ranges'));
    }
    const list = ranges as Range[];
    if (list.some((r) => r._sheetState().id !== this.#state.sheetId)) {
      throw gasError(messages.invalidArgument('ranges'));
    }
    this.#state.unprotected = list.map((r) => r._rect());
    return this;
  }

  getUnprotectedRanges(): Range[] {
    const sheet = this.#sheet();
    return this.#state.unprotected.map((rect) => new Range(this.#ss, sheet, { ...rect }));
  }

  getRange(): Range {
    const sheet = this.#sheet();
    const rect = this.#state.rect ?? { row: 1, col: 1, numRows: sheet.maxRows, numCols: sheet.maxColumns };
    return new Range(this.#ss, sheet, { ...rect });
  }

  canEdit(): boolean {
    return true;
  }

  getEditors(): never[] {
    return [];
  }

  removeEditors(_editors: unknown): this {
    return this;
  }

  addEditor(_editor: unknown): this {
    return this;
  }

  setDomainEdit(_editable: unknown): this {
    return this;
  }

  remove(): void {
    this.#ss.protections = this.#ss.protections.filter((p) => p !== this.#state);
  }
}
