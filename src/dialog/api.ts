/**
 * The server calls the dialog makes (names and payloads typed by src/addon/main.ts, see
 * server-client.ts), answers validated with the same zod schemas the server uses. A refusal comes back
 * as data, not as a thrown error; here it becomes a RefusedError so that callers have one failure path.
 */
import { z } from 'zod';
import type { RecordChunk } from '../core/merge/chunks';
import type { FileSummary, Problem } from '../core/model/records';
import {
  ImportBeginResponse,
  ImportChunkResponse,
  type ImportCloseRequest,
  ImportCloseResponse,
  ImportFinishResponse,
  type KeyDigest,
  type Lang,
  type RecordCounts,
  type Refusal,
} from '../core/model/rpc';
import type { TabId } from '../core/model/tabs';
import { encodeChunk } from '../core/model/wire';
import { call, hasServerFunction } from '../ui/server-client';

export class RefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    // The server's message is Korean, a line break, then English: keep both on one line.
    super(refusal.message.replace(/\s*\n\s*/g, ' '));
    this.name = 'RefusedError';
  }
}

function accept<T extends { refused: Refusal | null }>(response: T): T {
  if (response.refused) throw new RefusedError(response.refused);
  return response;
}

export async function importBegin(args: {
  lang: Lang;
  dryRun: boolean;
  files: FileSummary[];
  problems: Problem[];
  counts: RecordCounts;
}): Promise<ImportBeginResponse> {
  return accept(await call('cjetImportBegin', ImportBeginResponse, args));
}

export async function importChunk(args: {
  importId: string;
  dryRun: boolean;
  lang: Lang;
  seq: number;
  allowRemovals: boolean;
  chunk: RecordChunk;
}): Promise<ImportChunkResponse> {
  const { chunk, ...rest } = args;
  // Positional rows, text sent once, fees by reference to their line (src/core/model/wire.ts).
  return accept(await call('cjetImportChunk', ImportChunkResponse, { ...rest, records: encodeChunk(chunk) }));
}

export async function importFinish(args: {
  importId: string;
  dryRun: boolean;
  lang: Lang;
  files: FileSummary[];
  chunks: ImportChunkResponse[];
  allowRemovals: boolean;
  keys: KeyDigest[];
  cellsBefore: number;
  logWritten: boolean;
}): Promise<ImportFinishResponse> {
  return accept(await call('cjetImportFinish', ImportFinishResponse, args));
}

export async function importClose(args: ImportCloseRequest): Promise<ImportCloseResponse> {
  return accept(await call('cjetImportClose', ImportCloseResponse, args));
}

/** Optional server function that activates a managed tab (by id: orders / fees / fulfillment …). */
export function canActivateTab(): boolean {
  return hasServerFunction('cjetActivateTab');
}

export async function activateTab(tab: TabId): Promise<void> {
  await call('cjetActivateTab', z.boolean(), tab);
}
