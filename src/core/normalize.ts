/**
 * The core entry point: file bytes in, normalized records out.
 * Runs unchanged in the browser dialog, in Apps Script and on the command line; the host only
 * injects what differs between them (text decoding, hashing is pure).
 *
 * CONTRACT (implemented in the mapping issue; signatures are fixed so shells can be built now):
 *   normalizeFiles(inputs, options) → NormalizeResult
 * One bad row never sinks the other rows; one bad file never sinks the other files.
 */
import type { NormalizeResult, Period } from './model/records';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** Decodes CSV bytes in a given legacy encoding. Browser: TextDecoder('euc-kr');
 *  Node: iconv-lite 'cp949' (Node's own euc-kr decoder corrupts CP949 syllables). */
export type DecodeCp949 = (bytes: Uint8Array) => string;

export interface NormalizeOptions {
  /** Required for v1 (판매분석) files, which carry no dates. */
  period?: Period;
  /** Per-file period for v1 files, by file name; overrides `period`. */
  periodsByFile?: Record<string, Period>;
  decodeCp949: DecodeCp949;
  /** Called with (done, total) rows while a large file is mapped. */
  onProgress?: (file: string, done: number, total: number) => void;
}

export type NormalizeFiles = (inputs: InputFile[], options: NormalizeOptions) => NormalizeResult;
