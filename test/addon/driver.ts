/**
 * Drives the import server the way the dialog does: begin → chunk × N → finish through
 * google.script.run (the emulator's callServer: one fresh vm execution of dist/Code.js per call).
 */

import { type CallCounts, callServer, type ExecutionCost, type GasEnv } from '../../gas-emulator';
import { decodeCp949 } from '../../src/cli/nodeHost';
import type {
  FeeRecord,
  FulfillmentRecord,
  NormalizeResult,
  OrderRecord,
  Period,
} from '../../src/core/model/records';
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
  /** Records per chunk (orders + fees + fulfillment together). */
  chunkRows?: number;
}

type Records = Pick<NormalizeResult, 'orders' | 'fees' | 'fulfillment'>;

/** Splits records into chunks of at most `size` rows; a Fees row travels with its Orders line. */
export function chunkRecords(records: Records, size: number): Records[] {
  const chunks: Records[] = [];
  let current: Records = { orders: [], fees: [], fulfillment: [] };
  let rows = 0;
  const push = () => {
    if (rows > 0) chunks.push(current);
    current = { orders: [], fees: [], fulfillment: [] };
    rows = 0;
  };
  const feesByKey = new Map<string, FeeRecord[]>();
  for (const fee of records.fees) feesByKey.set(fee.line_key, [...(feesByKey.get(fee.line_key) ?? []), fee]);
  const placed = new Set<FeeRecord>();
  for (const order of records.orders as OrderRecord[]) {
    const fees = feesByKey.get(order.line_key) ?? [];
    if (rows + 1 + fees.length > size) push();
    current.orders.push(order);
    for (const fee of fees)
      if (!placed.has(fee)) {
        current.fees.push(fee);
        placed.add(fee);
        rows++;
      }
    rows++;
  }
  for (const fee of records.fees) {
    if (placed.has(fee)) continue;
    if (rows + 1 > size) push();
    current.fees.push(fee);
    rows++;
  }
  for (const row of records.fulfillment as FulfillmentRecord[]) {
    if (rows + 1 > size) push();
    current.fulfillment.push(row);
    rows++;
  }
  push();
  return chunks;
}

export function runImport(env: GasEnv, normalized: NormalizeResult, options: RunOptions = {}): ImportRun {
  const lang = options.lang ?? 'ko';
  const dryRun = options.dryRun ?? false;
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
  chunkRecords(normalized, options.chunkRows ?? 10_000).forEach((chunk, seq) => {
    const call = callServer<ImportChunkResponse>(env, 'cjetImportChunk', [
      { importId: begin.importId, dryRun, lang, seq, ...chunk },
    ]);
    note(call);
    chunks.push(call.result);
  });
  const finishCall = callServer<ImportFinishResponse>(env, 'cjetImportFinish', [
    { importId: begin.importId, dryRun, lang, files: normalized.files, chunks },
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
