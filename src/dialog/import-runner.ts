/**
 * One import, dry run or for real: begin → chunk × N → finish → close × M (src/core/model/rpc.ts).
 * Chunks go one after another, never in parallel: google.script.run allows at most 10 calls in
 * flight, and the server merges them in order under its document lock. The session remembers how
 * far it got (the import id, the next chunk index and every chunk response, which finish needs
 * because the server keeps no memory between calls), so "다시 시도" resumes at the failed step
 * instead of starting over.
 *
 * Every server call stops before its time budget (src/addon/sheets/budget.ts) and says so:
 *   - a chunk or finish answering `resume` is sent again until it is done (its first answer counts);
 *   - a finish asking for keys (`needKeys`: a period loses rows) gets the import's key hashes;
 *   - the month close is read a slice per call, its digest carried from one call to the next;
 *   - after a chunk that took long, the rest is cut into smaller chunks.
 */

import { chunkRecords, chunkRows, MAX_ROWS, type RecordChunk, type RecordSet } from '../core/merge/chunks';
import { packHashes } from '../core/merge/keyHash';
import type { FileSummary, Problem } from '../core/model/records';
import type {
  CloseCursor,
  DataTabId,
  ImportChunkResponse,
  ImportCloseResponse,
  ImportFinishResponse,
  KeyDigest,
  Lang,
} from '../core/model/rpc';
import { monthsOf } from '../core/summary/headline';
import { importBegin, importChunk, importClose, importFinish } from './api';

/** A chunk that took longer than this (of the server's 200 s budget) halves the chunks after it. */
export const SLOW_CHUNK_MS = 100_000;
/** Never fewer records per chunk than this when shrinking (issue #9: ≥ 5,000 per call). */
const MIN_CHUNK_ROWS = 2_000;
/** Calls of one step at most (a server that never finishes its work is a bug, not a loop). */
const MAX_REPEATS = 1_000;

export type Step = 'begin' | 'chunks' | 'finish';

export interface SessionProgress {
  step: Step;
  done: number;
  total: number;
  rowsDone: number;
  rowsTotal: number;
}

export class StepFailure extends Error {
  constructor(
    readonly step: Step,
    /** The chunk that failed (0-based), when step is 'chunks'. */
    readonly index: number,
    readonly total: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'StepFailure';
  }
}

export interface SessionInput {
  lang: Lang;
  dryRun: boolean;
  files: FileSummary[];
  problems: Problem[];
  records: RecordSet;
  /** The seller confirmed the removals the dry run announced (never for a dry run itself). */
  allowRemovals: boolean;
}

export class ImportSession {
  private importId: string | null = null;
  private chunks: RecordChunk[] | null = null;
  private readonly responses: ImportChunkResponse[] = [];
  private rowsDone = 0;
  private step: Step = 'begin';
  private readonly rowsTotal: number;
  private maxRows = MAX_ROWS;
  private cellsBefore = 0;
  /** The finish's answer once it did its work (a retry then goes on with the month close). */
  private finished: ImportFinishResponse | null = null;
  private close: { cursor: CloseCursor | undefined; digest: ImportCloseResponse['digest'] } = {
    cursor: undefined,
    digest: null,
  };

  constructor(private readonly input: SessionInput) {
    const r = input.records;
    this.rowsTotal = r.orders.length + r.fees.length + r.fulfillment.length;
  }

  progress(): SessionProgress {
    return {
      step: this.step,
      done: this.responses.length,
      total: this.chunks?.length ?? 0,
      rowsDone: this.rowsDone,
      rowsTotal: this.rowsTotal,
    };
  }

  /** Runs (or resumes) the import. Throws StepFailure, keeping its position for the next run(). */
  async run(onProgress: (p: SessionProgress) => void): Promise<ImportFinishResponse> {
    const { lang, dryRun, files, problems, records, allowRemovals } = this.input;
    onProgress(this.progress());
    if (this.importId === null) {
      this.step = 'begin';
      try {
        const begin = await importBegin({
          lang,
          dryRun,
          files,
          problems,
          counts: {
            orders: records.orders.length,
            fees: records.fees.length,
            fulfillment: records.fulfillment.length,
          },
        });
        // The server says how many rows it takes per call; never more than our own ceiling.
        this.maxRows = Math.max(1, Math.min(MAX_ROWS, begin.maxChunkRows || MAX_ROWS));
        this.chunks = chunkRecords(records, this.maxRows);
        this.importId = begin.importId;
        this.cellsBefore = begin.cells.used;
      } catch (error) {
        throw new StepFailure('begin', 0, 0, error);
      }
    }
    const importId = this.importId;
    this.step = 'chunks';
    onProgress(this.progress());
    while (this.responses.length < (this.chunks?.length ?? 0)) {
      const chunks = this.chunks!;
      const seq = this.responses.length;
      const chunk = chunks[seq]!;
      let response: ImportChunkResponse;
      try {
        response = await importChunk({ importId, dryRun, lang, seq, allowRemovals, chunk });
        // The call ran out of time removing rows: the same chunk again finds the rest by key.
        for (let n = 0, again = response; again.resume && n < MAX_REPEATS; n++)
          again = await importChunk({ importId, dryRun, lang, seq, allowRemovals, chunk });
      } catch (error) {
        throw new StepFailure('chunks', seq, chunks.length, error);
      }
      this.responses.push(response);
      this.rowsDone += chunkRows(chunk);
      if (response.elapsedMs > SLOW_CHUNK_MS) this.shrinkRemaining(seq + 1);
      onProgress(this.progress());
    }
    const total = this.chunks?.length ?? 0;
    this.step = 'finish';
    onProgress(this.progress());
    let result: ImportFinishResponse;
    try {
      result = this.finished ?? (await this.finish(importId));
      this.finished = result;
      if (!dryRun) result = await this.refreshClose(importId, result);
    } catch (error) {
      throw new StepFailure('finish', total, total, error);
    }
    return result;
  }

  /** The chunks not sent yet, cut again with half the records each (a call took long). */
  private shrinkRemaining(from: number): void {
    const chunks = this.chunks!;
    const next = Math.max(MIN_CHUNK_ROWS, Math.floor(this.maxRows / 2));
    if (next >= this.maxRows) return;
    this.maxRows = next;
    const rest = chunks.slice(from);
    const records = {
      orders: rest.flatMap((c) => c.orders),
      fees: rest.flatMap((c) => c.fees),
      fulfillment: rest.flatMap((c) => c.fulfillment),
    };
    this.chunks = [...chunks.slice(0, from), ...chunkRecords(records, this.maxRows)];
  }

  /** The import's key hashes of some tabs (a finish asked: a period loses rows). */
  private keyDigests(tabs: readonly DataTabId[]): KeyDigest[] {
    const { records } = this.input;
    return tabs.map((tab) => ({ tab, hashes: packHashes(records[tab].map((r) => r.line_key)) }));
  }

  private async finish(importId: string): Promise<ImportFinishResponse> {
    const { lang, dryRun, files, allowRemovals } = this.input;
    const base = {
      importId,
      dryRun,
      lang,
      files,
      chunks: this.responses,
      allowRemovals,
      cellsBefore: this.cellsBefore,
    };
    let keys: KeyDigest[] = [];
    let first = await importFinish({ ...base, keys, logWritten: false });
    if (first.needKeys.length > 0) {
      keys = this.keyDigests(first.needKeys);
      first = await importFinish({ ...base, keys, logWritten: false });
    }
    // Out of time while removing rows: the same finish again (the log is written once).
    for (let n = 0, again = first; again.resume && n < MAX_REPEATS; n++) {
      again = await importFinish({ ...base, keys, logWritten: true });
      if (again.needKeys.length > 0) {
        keys = this.keyDigests([...new Set([...keys.map((k) => k.tab), ...again.needKeys])]);
        again = { ...again, resume: true };
      }
    }
    return first;
  }

  /** The month-close tabs, a slice of the sources per call; their headline ends the summary. */
  private async refreshClose(importId: string, result: ImportFinishResponse): Promise<ImportFinishResponse> {
    const { lang, records } = this.input;
    const months = monthsOf(
      [...records.orders, ...records.fees, ...records.fulfillment].map((r) => r.period_end),
    );
    for (let n = 0; n < MAX_REPEATS; n++) {
      const answer = await importClose({
        importId,
        lang,
        months,
        cursor: this.close.cursor,
        digest: this.close.digest ?? undefined,
      });
      if (answer.cursor === null) {
        this.close = { cursor: undefined, digest: null };
        return { ...result, close: answer.close, warnings: [...result.warnings, ...answer.warnings] };
      }
      this.close = { cursor: answer.cursor, digest: answer.digest };
    }
    return result;
  }
}
