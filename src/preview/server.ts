/**
 * Local preview: the real dialog (dist/dialog.html) talking to the real server code (dist/Code.js)
 * inside the Apps Script emulator (gas-emulator), against ONE in-memory spreadsheet that lives as long
 * as this process. Anyone can try the add-on without a Google account:
 *
 *   npm run preview            →  http://localhost:8787/        the dialog
 *                                 http://localhost:8787/sheets  the emulated tabs as tables (click a
 *                                 cell, then 이 숫자 설명: the sidebar beside them)
 *                                 http://localhost:8787/sidebar the "이 숫자 설명" sidebar alone
 *
 * API (JSON):
 *   POST /api/run/<fn>  {fn, args}  → {ok: true, value} | {ok: false, message}
 *   GET  /api/sheets                → {"<tab name>": [[header…], [row…], …]}  (getValues; dates as YYYY-MM-DD)
 *   POST /api/reset                 → {ok: true}   a fresh spreadsheet
 *   POST /api/select {sheet, a1}    → {ok: true}   the user selects a cell (what the sidebar explains)
 *   GET  /api/selection             → {sheet, row, column, rows, columns}  the active selection
 * Plain node:http: there is nothing here a framework would make shorter.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, type PreviewBackend } from './backend';
import { sheetsPage } from './sheets-page';
import { shimScript } from './shim';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface PreviewServer {
  url: string;
  port: number;
  backend: PreviewBackend;
  close(): Promise<void>;
}

export interface PreviewOptions {
  port?: number;
  /** Defaults to 127.0.0.1: the preview is for this machine only. */
  host?: string;
  distDir?: string;
}

export async function startPreviewServer(options: PreviewOptions = {}): Promise<PreviewServer> {
  const distDir = options.distDir ?? path.join(root, 'dist');
  const backend = await createBackend(distDir);
  const server = http.createServer((req, res) => {
    handle(req, res, backend, distDir).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, message: errorMessage(error) });
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    backend,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  backend: PreviewBackend,
  distDir: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://preview.local');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /' || route === 'GET /dialog' || route === 'GET /sidebar') {
    // Read on every request, so `npm run build` in another terminal shows up on reload.
    const page = route === 'GET /sidebar' ? 'sidebar.html' : 'dialog.html';
    const html = await readFile(path.join(distDir, page), 'utf8');
    const shim = `<script>${shimScript(backend.functions)}</script>`;
    // Before the page's own script, which looks for google.script.run as it starts.
    const injected = html.includes('<head>') ? html.replace('<head>', () => `<head>\n${shim}`) : shim + html;
    return sendHtml(res, injected);
  }
  if (route === 'POST /api/select') {
    const body = parseSelect(await readBody(req));
    if (!body) return sendJson(res, 400, { ok: false, message: 'expected {sheet, a1}' });
    try {
      backend.select(body.sheet, body.a1);
    } catch (error) {
      return sendJson(res, 400, { ok: false, message: errorMessage(error) });
    }
    return sendJson(res, 200, { ok: true });
  }
  if (route === 'GET /api/selection') return sendJson(res, 200, backend.selection());
  if (route === 'GET /sheets') return sendHtml(res, sheetsPage(backend.sheets()));
  if (route === 'GET /api/sheets') return sendJson(res, 200, backend.sheets());
  if (route === 'POST /api/reset') {
    await backend.reset();
    return sendJson(res, 200, { ok: true });
  }
  if (req.method === 'POST' && url.pathname.startsWith('/api/run/')) {
    const fn = decodeURIComponent(url.pathname.slice('/api/run/'.length));
    const body = parseRunBody(await readBody(req));
    if (!body || body.fn !== fn) return sendJson(res, 400, { ok: false, message: 'expected {fn, args}' });
    try {
      const value = await backend.run(fn, body.args);
      return sendJson(res, 200, { ok: true, value: value === undefined ? null : value });
    } catch (error) {
      // A server-side exception reaches the dialog's failure handler, as in Apps Script.
      return sendJson(res, 200, { ok: false, message: errorMessage(error) });
    }
  }
  if (route === 'GET /favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  sendJson(res, 404, { ok: false, message: `not found: ${route}` });
}

/** Undoes the shim's tags: a Date, a function or undefined reaches the bridge as itself, so the
 *  emulator applies Apps Script's rules (reject Date/functions, undefined → null). */
function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && '__previewType' in value) {
    const tagged = value as { __previewType: string; ms?: number };
    if (tagged.__previewType === 'Date') return new Date(tagged.ms ?? 0);
    if (tagged.__previewType === 'function') return () => undefined;
    if (tagged.__previewType === 'undefined') return undefined;
  }
  return value;
}

function parseRunBody(text: string): { fn: string; args: unknown[] } | null {
  let parsed: unknown;
  try {
    // JSON.parse's reviver deletes keys whose reviver returns undefined; undefined array slots
    // are what the shim tagged, so restore them explicitly afterwards.
    parsed = JSON.parse(text, function (this: unknown, key, value) {
      const out = revive(key, value);
      if (out === undefined && Array.isArray(this)) return UNDEFINED_SLOT;
      return out;
    });
  } catch {
    return null;
  }
  parsed = restoreUndefined(parsed);
  if (!parsed || typeof parsed !== 'object') return null;
  const { fn, args } = parsed as { fn?: unknown; args?: unknown };
  if (typeof fn !== 'string' || !Array.isArray(args)) return null;
  return { fn, args };
}

const UNDEFINED_SLOT = Symbol('undefined');

function restoreUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === UNDEFINED_SLOT ? undefined : restoreUndefined(v)));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = restoreUndefined(v);
  }
  return value;
}

function parseSelect(text: string): { sheet: string; a1: string } | null {
  try {
    const parsed = JSON.parse(text) as { sheet?: unknown; a1?: unknown };
    return typeof parsed.sheet === 'string' &&
      typeof parsed.a1 === 'string' &&
      /^[A-Z]{1,3}\d{1,7}$/.test(parsed.a1)
      ? { sheet: parsed.sheet, a1: parsed.a1 }
      : null;
  } catch {
    return null;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendHtml(res: http.ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env['PORT'] ?? 8787);
  startPreviewServer({ port, host: process.env['HOST'] ?? '127.0.0.1' }).then(
    (s) => {
      console.log(`미리 보기 (preview): ${s.url}/   시트 (sheets): ${s.url}/sheets`);
    },
    (error: unknown) => {
      console.error(errorMessage(error));
      process.exit(1);
    },
  );
}
