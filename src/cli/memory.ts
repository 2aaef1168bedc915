/**
 * A full garbage collection where hundreds of megabytes have just become garbage: the sheets' XML
 * once the workbook's rows are read (a 200,000-row book inflates to about 300 MB), and before a
 * large sheet is inflated into one buffer. V8 frees large buffers only on a full collection, which
 * it may not run before the next large allocation, so the garbage would add to the peak (issue #8:
 * ≤ 1 GB importing 50,000 rows into 200,000). The summaries' sources no longer copy the rows, so
 * the collection that used to precede the save frees too little to lower the peak (measured: 730 MB
 * with it and without it) and is not made.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') collect = () => exposed();
  else {
    // Not started with --expose-gc: the flag is set for a new context, which then has `gc`.
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc: unknown = vm.runInNewContext('gc');
      collect = typeof gc === 'function' ? () => gc() : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Frees what is garbage now (no-op where the runtime offers no way to ask). */
export function collectGarbage(): void {
  collector()?.();
}
