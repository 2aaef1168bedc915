/**
 * Drives the import server the way the dialog does: begin → chunk × N → finish through
 * google.script.run (the emulator's callServer: one fresh vm execution of dist/Code.js per call).
 */

import { type CallCounts, callServer, type ExecutionCost, type GasEnv } from '../../gas-emulator';
import { decodeCp949 } from '../../src/cli/nodeHost';
import { chunkRecords } from '../../src/core/merge/chunks';
import type { NormalizeResult, Period } from '../../src/core/model/records';
import type {
  ImportBeginResponse,
  ImportChunkResponse,
  ImportFinishResponse,
  Lang,
} from '../../src/core/model/rpc';
import { normalizeFiles } from '../../src/core/normalize';
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
}

export interface RunOptions {
  dryRun?: boolean;
  lang?: Lang;
  /** Records per chunk (orders + fees + fulfillment together), split by the dialog's own chunker. */
  chunkRows?: number;
  /** The seller ticked "remove these rows" (the dialog's consent box). */
  allowRemovals?: boolean;
}

export function runImport(env: GasEnv, normalized: NormalizeResult, options: RunOptions = {}): ImportRun {
  const lang = options.lang ?? 'ko';
  const dryRun = options.dryRun ?? false;
  const allowRemovals = options.allowRemovals ?? false;
  const calls: CallCounts[] = [];
  const costs: ExecutionCost[] = [];
  let maxPayloadBytes = 0;
  const note = (r: { calls: CallCounts; cost: ExecutionCost; argsBytes: number; resultBytes: number }) => {
    calls.push(r.calls);
    costs.push(r.cost);
    maxPayloadBytes = Math.max(maxPayloadBytes, r.argsBytes, r.resultBytes);
  };
  const beginCall = callServer<ImportBeginResponse>(env, 'cjetImportBegin', [
    {
      lang,
      dryRun,
      files: normalized.files,
      problems: normalized.problems,
      counts: {
        orders: normalized.orders.length,
        fees: normalized.fees.length,
        fulfillment: normalized.fulfillment.length,
      },
    },
  ]);
  note(beginCall);
  const begin = beginCall.result;
  if (begin.refused) return { begin, chunks: [], finish: null, calls, costs, maxPayloadBytes };
  const chunks: ImportChunkResponse[] = [];
  // The shipped chunker (src/core/merge/chunks.ts), as the dialog runs it.
  chunkRecords(normalized, options.chunkRows ?? 10_000).forEach((chunk, seq) => {
    const call = callServer<ImportChunkResponse>(env, 'cjetImportChunk', [
      { importId: begin.importId, dryRun, lang, seq, allowRemovals, ...chunk },
    ]);
    note(call);
    chunks.push(call.result);
  });
  const finishCall = callServer<ImportFinishResponse>(env, 'cjetImportFinish', [
    { importId: begin.importId, dryRun, lang, files: normalized.files, chunks, allowRemovals },
  ]);
  note(finishCall);
  return { begin, chunks, finish: finishCall.result, calls, costs, maxPayloadBytes };
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
