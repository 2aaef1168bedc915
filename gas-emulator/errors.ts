/**
 * Errors thrown by emulated services. Apps Script (V8 runtime) surfaces service failures as
 * `Error` objects whose `name` is 'Exception' (so `String(e)` reads "Exception: ..."); the realm
 * bridge re-creates them inside the script's context with the same name and message.
 */
export class GasError extends Error {
  override name = 'Exception';
}

/** Messages copied from Apps Script (see /work/shared/docs/apps-script-notes.md, "Limits"). */
export const messages = {
  rowsMismatch: (data: number, range: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${data} but the range has ${range}.`,
  columnsMismatch: (data: number, range: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${data} but the range has ${range}.`,
  startRowTooSmall: 'The starting row of the range is too small.',
  startColumnTooSmall: 'The starting column of the range is too small.',
  numRowsTooSmall: 'The number of rows in the range must be at least 1.',
  numColumnsTooSmall: 'The number of columns in the range must be at least 1.',
  outsideGrid: 'The coordinates of the range are outside the dimensions of the sheet.',
  rangeNotFound: 'Range not found',
  cellTooLong: 'Your input contains more than the maximum of 50000 characters in a single cell.',
  workbookCellLimit:
    'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
  columnLimit: 'This action would increase the number of columns in the sheet above the limit of 18278.',
  sheetExists: (name: string) => `A sheet with the name "${name}" already exists. Please enter another name.`,
  deleteAllSheets: "You can't remove all the sheets in a document.",
  hideAllSheets: "You can't hide all the sheets in a document.",
  rowsOutOfBounds: 'Those rows are out of bounds.',
  columnsOutOfBounds: 'Those columns are out of bounds.',
  deleteAllRows: 'Sorry, it is not possible to delete all non-frozen rows.',
  deleteAllColumns: 'Sorry, it is not possible to delete all non-frozen columns.',
  noPermission: (method: string, scopes: string) =>
    `You do not have permission to call ${method}. Required permissions: ${scopes}`,
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.',
  propertyValueTooLarge: 'Argument too large: value',
  propertyStoreFull:
    'You have exceeded the property storage quota. Please remove some properties and try again.',
  noHtmlFile: (name: string) => `No HTML file named ${name} was found.`,
  functionNotFound: (name: string) => `Script function not found: ${name}`,
  timeout: 'Exceeded maximum execution time',
  /** Wording not confirmed against Apps Script (marked so nobody asserts on it as Google's text). */
  sheetDeleted: 'The sheet this object refers to has been deleted. (emulator wording)',
  invalidArgument: (name: string) => `Invalid argument: ${name}`,
  /** Sheets keeps no NaN/Infinity: the cell would silently show #NUM!. Refused on purpose (emulator wording). */
  nonFiniteNumber: (value: string) =>
    `Cannot write ${value} to a cell: Sheets would show #NUM! there. (emulator: refused on purpose)`,
  /** What SpreadsheetApp.openById/openByUrl say for a file that does not exist or cannot be opened. */
  openFailed: (method: string) =>
    `Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`,
  /** google.script.run payloads over the cap (emulator wording; Google documents no cap). */
  payloadTooLarge: (direction: string, bytes: number, cap: number) =>
    `google.script.run ${direction} is ${bytes} bytes, over the ${cap}-byte cap. (emulator wording)`,
  /** An 11th concurrent google.script.run call when the bridge is set to refuse instead of delaying. */
  tooManyConcurrentCalls: (limit: number) =>
    `google.script.run already has ${limit} calls in flight. (emulator wording; Google delays the call)`,
} as const;

export function gasError(message: string): GasError {
  return new GasError(message);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return Array.isArray(v[0]) ? 'Object[][]' : 'Object[]';
  if (typeof v === 'object') return 'Object';
  return typeof v;
}

/** Apps Script's message for arguments of the wrong type, e.g. setValues('x'). */
export function signatureError(args: readonly unknown[], method: string): GasError {
  return gasError(
    `The parameters (${args.map(typeName).join(',')}) don't match the method signature for ${method}.`,
  );
}

export function requireInteger(v: unknown, args: readonly unknown[], method: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw signatureError(args, method);
  return Math.trunc(v);
}
