/** The dialog's state: the chosen files and where the import stands. */
import type { FileSummary, NormalizeResult, Period, Problem } from '../core/model/records';

export type FileStatus = 'reading' | 'parsing' | 'ready' | 'failed';

export interface FileEntry {
  id: number;
  name: string;
  size: number;
  bytes: Uint8Array | null;
  status: FileStatus;
  progress: { done: number; total: number } | null;
  result: NormalizeResult | null;
  /** A read or normalize exception (not a Problem reported by core). */
  error: string | null;
  /** Raw values of the two date inputs of a v1 file ('' while empty). */
  periodInput: { start: string; end: string };
  /** Increments on every re-normalization, so that a slow older result cannot overwrite a newer one. */
  generation: number;
  duplicateOf: string | null;
  /** When the current read/parse started (for the elapsed time on the card). */
  startedAt: number;
}

export function summaryOf(entry: FileEntry): FileSummary | null {
  return entry.result?.files[0] ?? null;
}

export function isV1(entry: FileEntry): boolean {
  const s = summaryOf(entry);
  return s?.mapping_version === 'v1' || s?.report === 'SELLER_INSIGHTS';
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The v1 period as entered, or why it cannot be used. */
export function periodOf(entry: FileEntry): { period: Period } | { missing: true } | { invalid: true } {
  const { start, end } = entry.periodInput;
  if (!ISO.test(start) || !ISO.test(end)) return { missing: true };
  if (start > end) return { invalid: true };
  return { period: { start, end } };
}

/**
 * A refused file is excluded from the import: nothing is written for it, not even its problems.
 * That is a file core marked `failed` (unreadable, not a Coupang export, required columns missing …),
 * one the browser could not read at all, or a second copy of a file already in the list.
 * Row-level errors only reject those rows. A v1 file waiting for its period is not refused.
 */
export function isRefused(entry: FileEntry): boolean {
  if (entry.status === 'failed' || entry.duplicateOf !== null) return true;
  if (entry.status !== 'ready') return false;
  const s = summaryOf(entry);
  if (!s || s.report === null) return true;
  if (isV1(entry) && !('period' in periodOf(entry))) return false;
  if (s.status !== undefined) return s.status === 'failed';
  return fileLevelErrors(entry).length > 0 && s.rows_accepted === 0;
}

export function fileLevelErrors(entry: FileEntry): Problem[] {
  return (entry.result?.problems ?? []).filter((p) => p.severity === 'error' && p.row === null);
}

/** v1 files whose period is missing or invalid block the import button. */
export function blocksImport(entry: FileEntry): boolean {
  if (isRefused(entry) || entry.status !== 'ready') return false;
  return isV1(entry) && !('period' in periodOf(entry));
}
