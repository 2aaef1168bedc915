/**
 * Reading and analysing the files the seller picked. Everything happens in the browser: Apps Script
 * cannot receive a <form> file upload under V8 (apps-script-notes.md), so we read the bytes with
 * `arrayBuffer()` and run core's `normalizeFiles` here, then send plain records to the server.
 */
import type { NormalizeResult, Period } from '../core/model/records';
import { type NormalizeOptions, normalizeFiles } from '../core/normalize';

/** Browsers' `euc-kr` decoder is the WHATWG windows-949 decoder: it covers every CP949 syllable
 *  (똠, 뷁, 쌰 …), unlike Node's (libraries.md). One instance is reused: it is stateless per call. */
const cp949 = new TextDecoder('euc-kr');
export const decodeCp949 = (bytes: Uint8Array): string => cp949.decode(bytes);

export const ACCEPTED_EXTENSIONS = ['.xlsx', '.xls', '.csv'] as const;

export function hasAcceptedExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export async function readBytes(file: File): Promise<Uint8Array> {
  // Blob.arrayBuffer() is FileReader without the callback plumbing; both work in HtmlService.
  return new Uint8Array(await file.arrayBuffer());
}

/** Gives the browser a chance to paint (progress bars) and handle input between parsing stages.
 *  A Web Worker would be nicer, but blob-URL workers are unverified in the HtmlService sandbox. */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    // rAF does not fire in background tabs; the timeout keeps the work going there.
    requestAnimationFrame(() => setTimeout(done, 0));
    setTimeout(done, 50);
  });
}

export type ProgressFn = (done: number, total: number) => void;

/**
 * Normalizes one file. One file at a time, so that a v1 file can be re-normalized alone when its
 * period changes and a bad file never delays the cards of the others. Progress callbacks from core
 * only update a number; the bar is painted at the next yield.
 */
export async function analyseFile(
  name: string,
  bytes: Uint8Array,
  period: Period | null,
  onProgress: ProgressFn,
): Promise<NormalizeResult> {
  await yieldToBrowser();
  const options: NormalizeOptions = {
    decodeCp949,
    onProgress: (_file, done, total) => onProgress(done, total),
  };
  if (period) options.periodsByFile = { [name]: period };
  const result = normalizeFiles([{ name, bytes }], options);
  await yieldToBrowser();
  return result;
}

/**
 * A period to OFFER for a 판매분석 file (never applied until the seller picks it): the last full month
 * before the download day in the file name (`…_METRICS_20250201.xlsx` → January 2025), else before
 * today. The file itself holds no date, so only the seller knows the range they chose in WING.
 */
export function suggestedPeriod(fileName: string, today: Date = new Date()): Period {
  const stamp = /(?:^|[^0-9])(20\d{2})(\d{2})(\d{2})(?:[^0-9]|$)/.exec(fileName);
  if (stamp) {
    const [y, m, d] = [Number(stamp[1]), Number(stamp[2]), Number(stamp[3])];
    const day = new Date(y, m - 1, d);
    if (day.getFullYear() === y && day.getMonth() === m - 1 && day.getDate() === d) return lastFullMonth(day);
  }
  return lastFullMonth(today);
}

/** The last full calendar month before `today` (local calendar). */
export function lastFullMonth(today: Date = new Date()): Period {
  const year = today.getMonth() === 0 ? today.getFullYear() - 1 : today.getFullYear();
  const month = today.getMonth() === 0 ? 12 : today.getMonth(); // 1-based previous month
  const lastDay = new Date(year, month, 0).getDate();
  const mm = String(month).padStart(2, '0');
  return { start: `${year}-${mm}-01`, end: `${year}-${mm}-${String(lastDay).padStart(2, '0')}` };
}
