/**
 * Parsing off the main thread. A 50,000-row .xlsx keeps SheetJS and the mapper busy for many
 * seconds; on the main thread that freezes the dialog. The dialog's own bundle doubles as the
 * worker script (started from a blob URL of the inline <script>'s text), so nothing is fetched.
 *
 * Blob-URL workers are unverified inside Apps Script's HtmlService sandbox, so the worker must
 * prove itself: it answers `ready` within READY_TIMEOUT_MS or the dialog parses on the main
 * thread instead (with yields between files and stages, see files.ts). Either path gives the
 * same NormalizeResult.
 */
import type { NormalizeResult, Period } from '../core/model/records';
import { normalizeFiles } from '../core/normalize';
import { decodeCp949 } from './files';

const READY_TIMEOUT_MS = 4000;

let scriptSource: string | null = null;

/** The dialog bundle's own text (the inline <script>), from which the worker is started. */
export function setScriptSource(source: string | null): void {
  scriptSource = source;
}

let shared: Promise<ParseWorker | null> | null = null;

/** The one parse worker of this dialog, or null (then parse on the main thread). */
export function parseWorker(): Promise<ParseWorker | null> {
  shared ??= ParseWorker.start(scriptSource);
  return shared;
}

/** After a worker crash, later files parse on the main thread. */
export function dropParseWorker(): void {
  shared = Promise.resolve(null);
}

export interface ParseRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
  period: Period | null;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: NormalizeResult }
  | { type: 'error'; id: number; message: string };

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ParseRequest>) => void): void;
}

/** Worker side: runs when the bundle is loaded as a worker (no `document`). */
export function runAsWorker(): void {
  const scope = globalThis as unknown as WorkerScope;
  scope.addEventListener('message', (event) => {
    const { id, name, bytes, period } = event.data;
    let last = 0;
    try {
      const result = normalizeFiles([{ name, bytes }], {
        decodeCp949,
        ...(period ? { periodsByFile: { [name]: period } } : {}),
        onProgress: (_file, done, total) => {
          const now = Date.now();
          if (now - last > 100 || done === total) {
            last = now;
            scope.postMessage({ type: 'progress', id, done, total });
          }
        },
      });
      scope.postMessage({ type: 'result', id, result });
    } catch (error) {
      scope.postMessage({
        type: 'error',
        id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  scope.postMessage({ type: 'ready' });
}

interface Pending {
  resolve(result: NormalizeResult): void;
  reject(error: Error): void;
  onProgress(done: number, total: number): void;
}

/** Main-thread side: a single worker, or null when workers are not available here. */
export class ParseWorker {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const msg = event.data;
      if (msg.type === 'ready') return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') p.onProgress(msg.done, msg.total);
      else {
        this.pending.delete(msg.id);
        if (msg.type === 'result') p.resolve(msg.result);
        else p.reject(new Error(msg.message));
      }
    });
    worker.addEventListener('error', () => {
      for (const p of this.pending.values()) p.reject(new Error('worker failed'));
      this.pending.clear();
    });
  }

  static async start(source: string | null): Promise<ParseWorker | null> {
    if (!source || typeof Worker === 'undefined' || typeof Blob === 'undefined') return null;
    let worker: Worker;
    let url: string;
    try {
      url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      worker = new Worker(url);
    } catch {
      return null;
    }
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
        if (e.data.type === 'ready') {
          clearTimeout(timer);
          resolve(true);
        }
      });
      worker.addEventListener('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    URL.revokeObjectURL(url);
    if (!ready) {
      worker.terminate();
      return null;
    }
    return new ParseWorker(worker);
  }

  parse(
    name: string,
    bytes: Uint8Array,
    period: Period | null,
    onProgress: (done: number, total: number) => void,
  ): Promise<NormalizeResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      // A copy, not a transfer: the dialog keeps the bytes to re-map a v1 file when its period changes.
      const request: ParseRequest = { id, name, bytes, period };
      this.worker.postMessage(request);
    });
  }
}
