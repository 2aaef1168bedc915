/**
 * Browser-test plumbing: Debian's Chromium (never a downloaded browser), the preview server on a
 * free port, screenshots under test-results/screenshots/, and a record of every request a page makes.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type PreviewServer, startPreviewServer } from '../../src/preview/server';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results/screenshots');

export interface Harness {
  browser: Browser;
  server: PreviewServer;
  /** Every URL any page requested, for the "nothing leaves localhost" check. */
  requests: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Fails (never skips) without Chromium: a skipped browser suite would look green in CI while
 * testing nothing.
 */
export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser tests need Debian's Chromium ` +
        '(apt-get install -y chromium fonts-noto-cjk). They fail instead of skipping on purpose.',
    );
  }
  // dist/ is built once for the whole run by test/global-setup.ts (atomically, see build.mjs).
  const server = await startPreviewServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    server,
    requests: [],
    pageErrors: [],
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function openDialog(h: Harness): Promise<{ page: Page; context: BrowserContext }> {
  const context = await h.browser.newContext({
    viewport: { width: 820, height: 640 },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    h.requests.push(request.url());
  });
  page.on('pageerror', (error) => {
    h.pageErrors.push(error.message);
  });
  await page.goto(`${h.server.url}/`);
  await page.getByTestId('dropzone').waitFor();
  return { page, context };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export function payload(name: string, bytes: Uint8Array): FilePayload {
  const mimeType = name.endsWith('.csv')
    ? 'text/csv'
    : name.endsWith('.xls')
      ? 'application/vnd.ms-excel'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return { name, mimeType, buffer: Buffer.from(bytes) };
}

/** Picks files through the (hidden) file input, as the file chooser would. */
export async function pick(page: Page, files: FilePayload[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files);
}

/** Waits until every card is analysed (ready or refused). */
export async function cardsSettled(page: Page, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    `document.querySelectorAll('[data-testid=file-card][data-state=ready], [data-testid=file-card][data-state=refused]').length === ${count}`,
    undefined,
    { timeout },
  );
}

/** Waits for the dry-run plan; a plan error fails with the dialog's own message. */
export async function planReady(page: Page, timeout = 60_000): Promise<void> {
  const plan = page.getByTestId('plan');
  const error = page.getByTestId('plan-error');
  await plan.or(error).first().waitFor({ timeout });
  if (await error.isVisible()) throw new Error(`plan failed: ${await error.textContent()}`);
}

export async function importAndWait(page: Page, timeout = 120_000): Promise<void> {
  await page.getByTestId('import').click();
  const summary = page.getByTestId('summary');
  const error = page.getByTestId('import-error');
  await summary.or(error).first().waitFor({ timeout });
  if (await error.isVisible()) throw new Error(`import failed: ${await error.textContent()}`);
}

export type Sheets = Record<string, unknown[][]>;

export async function getSheets(h: Harness): Promise<Sheets> {
  const res = await fetch(`${h.server.url}/api/sheets`);
  return (await res.json()) as Sheets;
}

export async function resetSheets(h: Harness): Promise<void> {
  await fetch(`${h.server.url}/api/reset`, { method: 'POST' });
}
