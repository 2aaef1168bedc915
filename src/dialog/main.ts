/**
 * Entry of the dialog bundle. The same script runs twice: in the dialog page (with a `document`)
 * and as the parse worker (see worker.ts), started from this script's own text.
 */
import { runAsWorker, setScriptSource } from './worker';

if (typeof document === 'undefined') {
  runAsWorker();
} else {
  // Captured now: `document.currentScript` is only set while the inline script first runs.
  setScriptSource(document.currentScript?.textContent ?? null);
  // esbuild turns this into a lazily-initialised module inside the one IIFE (no extra request):
  // the dialog's DOM code must not run inside the worker. Nothing of it runs at import: mountDialog
  // builds the page.
  void import('./app').then(({ mountDialog }) => {
    const root = document.getElementById('app');
    if (root) mountDialog(root);
  });
}
