/** What a mapper needs while it walks one file: where it is, and where problems and counts go. */
import type { ControlTotal, Problem } from '../model/records';

export interface FileContext {
  file: string;
  /** 업체코드 from the file name (reports/fileName.ts), written on every record of the file. */
  vendorId: string | null;
  problems: Problem[];
  control: ControlTotal[];
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsSkipped: number;
  onProgress?: (done: number, total: number) => void;
}

export function newFileContext(
  file: string,
  onProgress?: (done: number, total: number) => void,
  vendorId: string | null = null,
): FileContext {
  return {
    file,
    vendorId,
    problems: [],
    control: [],
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    onProgress,
  };
}

/** `배송비!12`: how rows are named in control totals. */
export function rowRef(sheet: string, row: number): string {
  return `${sheet}!${row}`;
}
