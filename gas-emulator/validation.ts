/**
 * Data validation (state in SpreadsheetState.dataValidations): only the list rule the add-on uses
 * (`requireValueInList`, a dropdown). A user edit that breaks a rule with `setAllowInvalid(false)` is
 * refused, as the Sheets UI refuses it ("The data you entered violates the data validation rules").
 */

import type { GridRect } from './a1.js';
import { gasError, messages } from './errors.js';
import { GAS_TYPE, GasObject } from './realm.js';

export const DataValidationCriteria = Object.freeze({ VALUE_IN_LIST: 'VALUE_IN_LIST' });

export interface DataValidationState {
  criteria: 'VALUE_IN_LIST';
  values: string[];
  showDropdown: boolean;
  allowInvalid: boolean;
  helpText: string;
}

export interface ValidationRange {
  sheetId: number;
  rect: GridRect;
  rule: DataValidationState;
}

export class DataValidation extends GasObject {
  readonly [GAS_TYPE] = 'DataValidation';
  readonly #state: DataValidationState;

  constructor(state: DataValidationState) {
    super();
    this.#state = state;
  }

  /** Test-side: the rule as data (not a service call). */
  _state(): DataValidationState {
    return this.#state;
  }

  getCriteriaType(): string {
    return this.#state.criteria;
  }

  getCriteriaValues(): unknown[] {
    return [[...this.#state.values], this.#state.showDropdown];
  }

  getAllowInvalid(): boolean {
    return this.#state.allowInvalid;
  }

  getHelpText(): string {
    return this.#state.helpText;
  }
}

export class DataValidationBuilder extends GasObject {
  readonly [GAS_TYPE] = 'DataValidationBuilder';
  #state: DataValidationState | null = null;
  #allowInvalid = true;
  #helpText = '';

  requireValueInList(values: unknown, showDropdown?: unknown): this {
    if (!Array.isArray(values) || values.length === 0) throw gasError(messages.invalidArgument('values'));
    this.#state = {
      criteria: 'VALUE_IN_LIST',
      values: values.map((v) => String(v)),
      showDropdown: showDropdown !== false,
      allowInvalid: true,
      helpText: '',
    };
    return this;
  }

  setAllowInvalid(allowInvalid: unknown): this {
    this.#allowInvalid = allowInvalid === true;
    return this;
  }

  setHelpText(helpText: unknown): this {
    this.#helpText = String(helpText);
    return this;
  }

  build(): DataValidation {
    if (!this.#state) throw gasError('You must specify a criteria before building a data validation rule.');
    return new DataValidation({ ...this.#state, allowInvalid: this.#allowInvalid, helpText: this.#helpText });
  }
}

export function covers(rect: GridRect, row: number, col: number): boolean {
  return row >= rect.row && row < rect.row + rect.numRows && col >= rect.col && col < rect.col + rect.numCols;
}

/** Does a value a user types pass the rule? List values compare as exact text (our reading: the
 *  stricter choice, since Google does not document whether case is ignored). */
export function accepts(rule: DataValidationState, text: string): boolean {
  if (text === '' || rule.allowInvalid) return true;
  return rule.values.includes(text);
}
