/**
 * One import, dry run or for real: begin → chunk × N → finish (src/core/model/rpc.ts).
 * Chunks go one after another, never in parallel: google.script.run allows at most 10 calls in
 * flight, and the server merges them in order under its document lock. The session remembers how
 * far it got (the import id, the next chunk index and every chunk response, which finish needs
 * because the server keeps no memory between calls), so "다시 시도" resumes at the failed step
 * instead of starting over.
 */

import { chunkRecords, chunkRows, MAX_ROWS, type RecordChunk, type RecordSet } from '../core/merge/chunks';
import type { FileSummary, Problem } from '../core/model/records';
import type { ImportChunkResponse, ImportFinishResponse, Lang } from '../core/model/rpc';
import { importBegin, importChunk, importFinish } from './api';

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
        const maxRows = Math.max(1, Math.min(MAX_ROWS, begin.maxChunkRows || MAX_ROWS));
        this.chunks = chunkRecords(records, maxRows);
        this.importId = begin.importId;
      } catch (error) {
        throw new StepFailure('begin', 0, 0, error);
      }
    }
    const chunks = this.chunks!;
    this.step = 'chunks';
    onProgress(this.progress());
    while (this.responses.length < chunks.length) {
      const seq = this.responses.length;
      const chunk = chunks[seq]!;
      try {
        this.responses.push(
          await importChunk({ importId: this.importId, dryRun, lang, seq, allowRemovals, chunk }),
        );
      } catch (error) {
        throw new StepFailure('chunks', seq, chunks.length, error);
      }
      this.rowsDone += chunkRows(chunk);
      onProgress(this.progress());
    }
    this.step = 'finish';
    onProgress(this.progress());
    try {
      return await importFinish({
        importId: this.importId,
        dryRun,
        lang,
        files,
        chunks: this.responses,
        allowRemovals,
      });
    } catch (error) {
      throw new StepFailure('finish', chunks.length, chunks.length, error);
    }
  }
}
