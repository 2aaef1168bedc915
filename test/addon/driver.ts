/**
 * Drives the import server the way the dialog does (src/dialog/import-runner.ts): begin → chunk × N
 * → finish → close × M through google.script.run (the emulator's callServer: one fresh vm execution
 * of dist/Code.js per call), repeating a call that answers `resume`, sending key hashes when a finish
 * asks for them, carrying the month-close digest from one close call to the next.
 */

import { type CallCounts, callServer, type ExecutionCost, type GasEnv } from '../../gas-emulator';
import { decodeCp949 } from '../../src/cli/nodeHost';
import { chunkRecords } from '../../src/core/merge/chunks';
import { packHashes } from '../../src/core/merge/keyHash';
import type { NormalizeResult, Period } from '../../src/core/model/records';
import type {
  CloseCursor,
  DataTabId,
  ImportBeginResponse,
  ImportChunkResponse,
  ImportCloseResponse,
  ImportFinishResponse,
  KeyDigest,
  Lang,
} from '../../src/core/model/rpc';
import { encodeChunk } from '../../src/core/model/wire';
import { normalizeFiles } from '../../src/core/normalize';
import { monthsOf } from '../../src/core/summary/headline';
import { generateMonth, type MonthOptions } from '../fixtures/generate';

export interface ImportRun {
  begin: ImportBeginResponse;
  chunks: ImportChunkResponse[];
  finish: ImportFinishResponse | null;
  /** Service calls of each execution: begin, chunks…, finish. */
  calls: CallCounts[];
  /** What each execution would cost in Google (gas-emulator/README.md, "Cost model"), same order. */
  costs: ExecutionCost[];
  /** Largest JSON payload of any call, either direction. */
  maxPayloadBytes: number;
  /** Calls by server function (a resumed call counts each time). */
  byFunction: Record<string, number>;
  /** The server function of each entry of `calls` / `costs`. */
  functions: string[];
}

export interface RunOptions {
  dryRun?: boolean;
  lang?: Lang;
  /** Records per chunk (orders + fees + fulfillment together), split by the dialog's own chunker. */
  chunkRows?: number;
  /** The seller ticked "remove these rows" (the dialog's consent box). */
  allowRemovals?: boolean;
  /** A lower time budget for every call (the server's `budgetMs`), to make calls resume. */
  budgetMs?: number;
  /** Skip the month-close refresh after the finish (it is its own step). */
  skipClose?: boolean;
}

export function runImport(env: GasEnv, normalized: NormalizeResult, options: RunOptions = {}): ImportRun {
  const lang = options.lang ?? 'ko';
  const dryRun = options.dryRun ?? false;
  const allowRemovals = options.allowRemovals ?? false;
  const budgetMs = options.budgetMs;
  const calls: CallCounts[] = [];
  const costs: ExecutionCost[] = [];
  const byFunction: Record<string, number> = {};
  const functions: string[] = [];
  let maxPayloadBytes = 0;
  const call = <T>(fn: string, arg: unknown): T => {
    const r = callServer<T>(env, fn, [arg]);
    calls.push(r.calls);
    costs.push(r.cost);
    byFunction[fn] = (byFunction[fn] ?? 0) + 1;
    functions.push(fn);
    maxPayloadBytes = Math.max(maxPayloadBytes, r.argsBytes, r.resultBytes);
    return r.result;
  };
  const begin = call<ImportBeginResponse>('cjetImportBegin', {
    lang,
    dryRun,
    files: normalized.files,
    problems: normalized.problems,
    counts: {
      orders: normalized.orders.length,
      fees: normalized.fees.length,
      fulfillment: normalized.fulfillment.length,
    },
  });
  const done = (chunks: ImportChunkResponse[], finish: ImportFinishResponse | null): ImportRun => ({
    begin,
    chunks,
    finish,
    calls,
    costs,
    maxPayloadBytes,
    byFunction,
    functions,
  });
  if (begin.refused) return done([], null);
  const chunks: ImportChunkResponse[] = [];
  // The shipped chunker (src/core/merge/chunks.ts) and wire form, as the dialog runs them.
  chunkRecords(normalized, options.chunkRows ?? 12_000).forEach((chunk, seq) => {
    const request = {
      importId: begin.importId,
      dryRun,
      lang,
      seq,
      allowRemovals,
      records: encodeChunk(chunk),
      budgetMs,
    };
    const first = call<ImportChunkResponse>('cjetImportChunk', request);
    for (let again = first, n = 0; again.resume && n < 1000; n++)
      again = call<ImportChunkResponse>('cjetImportChunk', request);
    chunks.push(first);
  });
  const digests = (tabs: readonly DataTabId[]): KeyDigest[] =>
    tabs.map((tab) => ({ tab, hashes: packHashes(normalized[tab].map((r) => r.line_key)) }));
  const finishRequest = (keys: KeyDigest[], logWritten: boolean) => ({
    importId: begin.importId,
    dryRun,
    lang,
    files: normalized.files,
    chunks,
    allowRemovals,
    keys,
    cellsBefore: begin.cells.used,
    logWritten,
    budgetMs,
  });
  let keys: KeyDigest[] = [];
  let finish = call<ImportFinishResponse>('cjetImportFinish', finishRequest(keys, false));
  if (finish.needKeys.length > 0) {
    keys = digests(finish.needKeys);
    finish = call<ImportFinishResponse>('cjetImportFinish', finishRequest(keys, false));
  }
  for (let again = finish, n = 0; again.resume && n < 1000; n++)
    again = call<ImportFinishResponse>('cjetImportFinish', finishRequest(keys, true));
  if (dryRun || finish.refused || options.skipClose) return done(chunks, finish);
  const months = monthsOf(
    [...normalized.orders, ...normalized.fees, ...normalized.fulfillment].map((r) => r.period_end),
  );
  let cursor: CloseCursor | undefined;
  let digest: ImportCloseResponse['digest'] = null;
  for (let n = 0; n < 1000; n++) {
    const close: ImportCloseResponse = call<ImportCloseResponse>('cjetImportClose', {
      importId: begin.importId,
      lang,
      months,
      cursor,
      digest: digest ?? undefined,
      budgetMs,
    });
    if (close.refused) throw new Error(close.refused.message);
    if (close.cursor === null) {
      finish = { ...finish, close: close.close, warnings: [...finish.warnings, ...close.warnings] };
      break;
    }
    cursor = close.cursor;
    digest = close.digest;
  }
  return done(chunks, finish);
}

/** A generated month, read by core's normalizeFiles exactly as the dialog reads the files. */
export function normalizedMonth(seed: number, options: MonthOptions = {}, period?: Period): NormalizeResult {
  const { files } = generateMonth(seed, options);
  return normalizeFiles(
    files.map((f) => ({ name: f.name, bytes: f.bytes })),
    { decodeCp949, period },
  );
}

export const SETTLEMENT_REPORTS = [
  'CATEGORY_TR',
  'WAREHOUSING_SHIPPING',
  'STORAGE_FEE',
  'CRETURN_PICKUP_RESTOCKING',
  'VRETURN_HANDLING',
  'VRETURN_SHIPPING',
  'BARCODE_LABELING_FEE',
  'INVENTORY_COMPENSATION',
] as const;
