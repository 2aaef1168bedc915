// The upload dialog in real headless Chromium, against the preview server (dist/Code.js in the
// Apps Script emulator). Read as the seller's story: pick files → see what they are → see what will
// change → 가져오기 → the tabs hold exactly what the files say.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizeResult } from '../../src/core/model/records';
import { FEES_TAB, FULFILLMENT_TAB, ORDERS_TAB, type TabDef } from '../../src/core/model/tabs';
import { normalizeFiles } from '../../src/core/normalize';
import { CATEGORY_TR_HEADERS, trRow, xlsxOf } from '../core/helpers';
import { generateLargeFile, generateMonth } from '../fixtures/generate';
import { INSIGHTS_HEADERS } from '../fixtures/layouts';
import {
  cardsSettled,
  type FilePayload,
  getSheets,
  type Harness,
  importAndWait,
  openDialog,
  payload,
  pick,
  planReady,
  resetSheets,
  type Sheets,
  shot,
  startHarness,
} from './harness';

let h: Harness;
let startFailure: unknown = null;

beforeAll(async () => {
  try {
    h = await startHarness();
  } catch (error) {
    // Kept, not thrown: every test then FAILS with this message (a throwing hook would leave the
    // tests merely skipped, and a skipped browser suite looks green while testing nothing).
    startFailure = error;
  }
});

afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  if (startFailure) throw startFailure;
  await resetSheets(h);
});

// ---- sample files ----

/** One generated month (deterministic): 8 settlement reports (v2) + the 판매분석 file (v1). */
const month = generateMonth(7);
const v2Files = month.files
  .filter((f) => f.report !== 'SELLER_INSIGHTS')
  .map((f) => payload(f.name, f.bytes));
const v1File = month.files.find((f) => f.report === 'SELLER_INSIGHTS')!;

/** Node's reference: core on the same bytes, with iconv-lite for CP949 (never Node's euc-kr). */
function normalizeInNode(files: FilePayload[], period?: { start: string; end: string }): NormalizeResult {
  return normalizeFiles(
    files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.buffer) })),
    { decodeCp949: (bytes) => iconv.decode(Buffer.from(bytes), 'cp949'), ...(period ? { period } : {}) },
  );
}

/** The rows of one managed tab, keyed by column key (headers may be Korean or English labels). */
function tabRows(sheets: Sheets, tab: TabDef): Record<string, unknown>[] {
  const grid = sheets[tab.ko] ?? sheets[tab.en];
  if (!grid) return [];
  const [header = [], ...rows] = grid;
  const keys = header.map(
    (label) => tab.columns.find((c) => c.ko === label || c.en === label || c.key === label)?.key,
  );
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    keys.forEach((key, i) => {
      if (key) out[key] = row[i];
    });
    return out;
  });
}

const sum = (rows: Record<string, unknown>[], key: string) =>
  rows.reduce((s, r) => s + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0);

function dataRowCount(sheets: Sheets): number {
  return [ORDERS_TAB, FEES_TAB, FULFILLMENT_TAB].reduce((n, tab) => n + tabRows(sheets, tab).length, 0);
}

/** A 판매분석 (v1) CSV as Korean Excel saves it: CP949, with extension syllables (똠, 뷁). */
function cp949InsightsCsv(): FilePayload {
  const header = [...INSIGHTS_HEADERS];
  const rows = [
    [
      '95521944483',
      '똠 옵션 큰것',
      '똠방각하 뷁 세트',
      '1234567890',
      '생활용품',
      '로켓그로스',
      '30,000',
      '3',
      '3',
      '40',
      '90',
      '5',
      '7.5%',
      '100%',
      '40,000',
      '4',
      '-10,000',
      '-1',
      '0',
    ],
    [
      '95521944484',
      '쌰 기본',
      '휑한 방 쿠션',
      '1234567891',
      '홈데코',
      '로켓그로스',
      '12,000',
      '1',
      '1',
      '10',
      '20',
      '1',
      '10%',
      '100%',
      '12,000',
      '1',
      '0',
      '0',
      '0',
    ],
  ];
  const text = [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n';
  return payload('판매분석_똠뷁.csv', iconv.encode(text, 'cp949'));
}

/** Drops a file on the drop zone the way a browser does: dragenter, dragover, drop with a DataTransfer. */
async function drop(page: Page, file: FilePayload): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(${JSON.stringify([...file.buffer])})], ${JSON.stringify(file.name)}, { type: ${JSON.stringify(file.mimeType)} })); return dt; })()`,
  );
  const zone = page.getByTestId('dropzone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

/** Issue #8's reproduction: a CATEGORY_TR of 3,000 lines (판매액), optionally with a real #VALUE!
 *  error cell in 판매액 of one line (1-based). */
function categoryTr(lines: number[], errorLine?: number): Uint8Array {
  const rows = lines.map((i) =>
    trRow({
      orderId: `2025010100000${i}`,
      optionId: '95521944483',
      price: 3000,
      qty: 1,
      periodEnd: '2025-01-05',
    }),
  );
  const sheet = XLSX.utils.aoa_to_sheet([['판매수수료 리포트'], CATEGORY_TR_HEADERS, ...rows]);
  if (errorLine !== undefined) {
    const c = CATEGORY_TR_HEADERS.indexOf('판매액(A*B)');
    sheet[XLSX.utils.encode_cell({ r: 1 + errorLine, c })] = { t: 'e', v: 0x0f, w: '#VALUE!' };
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, '주문내역, 판매수수료');
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

async function cardFor(page: Page, name: string) {
  return page.locator(`[data-testid=file-card][data-file="${name}"]`);
}

// ---- the tests ----

describe('upload dialog in Chromium', () => {
  it('shows one card per file: Korean report name, mapping version and what it means, period, rows, control totals', async () => {
    const { page, context } = await openDialog(h);
    const files = [...v2Files, payload(v1File.name, v1File.bytes)];
    await pick(page, files);
    await cardsSettled(page, files.length);

    const cards = page.getByTestId('file-card');
    await expect(cards.count()).resolves.toBe(files.length);
    const category = await cardFor(page, v2Files.find((f) => f.name.includes('CATEGORY_TR'))!.name);
    await expect(category.getByTestId('report').textContent()).resolves.toContain('판매수수료 리포트');
    await expect(category.getByTestId('mapping-version').textContent()).resolves.toBe('v2');
    await expect(category.getByTestId('version').textContent()).resolves.toContain('쿠폰 할인 반영');
    await expect(category.getByTestId('period-text').textContent()).resolves.toMatch(
      /\d{4}-\d{2}-\d{2} ~ \d{4}-\d{2}-\d{2}/,
    );
    await expect(category.locator('[data-ok=true]').count()).resolves.toBeGreaterThan(0);
    await expect(category.locator('[data-ok=false]').count()).resolves.toBe(0);

    const ws = await cardFor(page, v2Files.find((f) => f.name.includes('WAREHOUSING_SHIPPING'))!.name);
    await expect(ws.getByTestId('report').textContent()).resolves.toContain('입출고/배송비 리포트');

    const insights = await cardFor(page, v1File.name);
    await expect(insights.getByTestId('report').textContent()).resolves.toContain('판매분석');
    await expect(insights.getByTestId('version').textContent()).resolves.toContain('쿠폰 할인 미반영');
    await expect(insights.getByTestId('period').isVisible()).resolves.toBe(true);
    // Every report of the month is recognised: nothing refused.
    await expect(page.getByTestId('refused').count()).resolves.toBe(0);
    await shot(page, 'cards');
    await context.close();
  });

  it('plans, imports in chunks with progress, and the tabs hold what normalizeFiles gives in Node', async () => {
    const { page, context } = await openDialog(h);
    await pick(page, v2Files);
    await cardsSettled(page, v2Files.length);
    await planReady(page);
    const expected = normalizeInNode(v2Files);
    // The plan of a first import: every record is new, nothing changes or goes.
    const planRow = (tab: string, kind: string) =>
      page.locator(`[data-testid=plan] tr[data-tab=${tab}] td[data-kind=${kind}]`).textContent();
    await expect(planRow('orders', 'new')).resolves.toBe(expected.orders.length.toLocaleString('ko-KR'));
    await expect(planRow('fulfillment', 'new')).resolves.toBe(
      expected.fulfillment.length.toLocaleString('ko-KR'),
    );
    await expect(planRow('orders', 'removed')).resolves.toBe('0');
    await shot(page, 'plan');
    // Nothing is written by the plan (a dry run).
    expect(dataRowCount(await getSheets(h))).toBe(0);

    // Slow the real chunk calls down a little so the progress bar can be seen (and photographed).
    await page.route('**/api/run/cjetImportChunk', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.getByTestId('import').click();
    await page.getByTestId('import-progress').waitFor();
    // The bar is indeterminate until the server has answered the first step; then it counts chunks.
    const counting = page.getByTestId('import-progress').locator('[role=progressbar][aria-valuenow]');
    await counting.waitFor();
    const pct = Number(await counting.getAttribute('aria-valuenow'));
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(pct).toBeLessThanOrEqual(100);
    await shot(page, 'progress');
    await page.getByTestId('summary').waitFor({ timeout: 120_000 });
    await page.unroute('**/api/run/cjetImportChunk');
    await expect(page.getByTestId('summary-controls').locator('[data-ok=false]').count()).resolves.toBe(0);
    await shot(page, 'summary');

    const sheets = await getSheets(h);
    const orders = tabRows(sheets, ORDERS_TAB);
    const fees = tabRows(sheets, FEES_TAB);
    const fulfillment = tabRows(sheets, FULFILLMENT_TAB);
    expect(orders).toHaveLength(expected.orders.length);
    expect(fees).toHaveLength(expected.fees.length);
    expect(fulfillment).toHaveLength(expected.fulfillment.length);
    const total = (records: readonly Record<string, unknown>[], key: string) =>
      records.reduce((s, r) => s + (r[key] as number), 0);
    expect(sum(orders, 'gross_sales')).toBe(total(expected.orders, 'gross_sales'));
    expect(sum(orders, 'payment_amount')).toBe(total(expected.orders, 'payment_amount'));
    // Shipping is attributed across files (orders file + fee files), as normalizeFiles does.
    expect(sum(orders, 'seller_borne_shipping')).toBe(total(expected.orders, 'seller_borne_shipping'));
    expect(sum(fulfillment, 'total_fee')).toBe(total(expected.fulfillment, 'total_fee'));
    expect(sum(fees, 'collected_total')).toBe(total(expected.fees, 'collected_total'));
    // IDs survive as text, dates as calendar days.
    expect(new Set(orders.map((o) => o['order_id']))).toEqual(
      new Set(expected.orders.map((o) => o.order_id)),
    );
    expect(orders.every((o) => typeof o['order_id'] === 'string')).toBe(true);
    await context.close();
  });

  it('re-importing the same files says plainly that nothing will change, and changes nothing', async () => {
    let { page, context } = await openDialog(h);
    await pick(page, v2Files);
    await cardsSettled(page, v2Files.length);
    await planReady(page);
    await importAndWait(page);
    const before = await getSheets(h);
    await context.close();

    ({ page, context } = await openDialog(h));
    await pick(page, v2Files);
    await cardsSettled(page, v2Files.length);
    await planReady(page);
    await expect(page.getByTestId('plan-nothing').textContent()).resolves.toContain(
      '아무것도 바뀌지 않습니다',
    );
    await expect(page.locator('[data-testid=plan] td[data-kind=new]').allTextContents()).resolves.toEqual([
      '0',
      '0',
      '0',
    ]);
    await shot(page, 'plan-nothing-changes');
    await importAndWait(page);
    const after = await getSheets(h);
    for (const tab of [ORDERS_TAB, FEES_TAB, FULFILLMENT_TAB]) {
      expect(tabRows(after, tab)).toHaveLength(tabRows(before, tab).length);
      expect(stripLineage(tabRows(after, tab))).toEqual(stripLineage(tabRows(before, tab)));
    }
    await context.close();
  });

  it('a bad file shows a Korean error, is refused, and nothing is written for it', async () => {
    const { page, context } = await openDialog(h);
    const junk = payload(
      '정산내역.xlsx',
      new TextEncoder().encode('이것은 엑셀 파일이 아닙니다 — not a workbook'),
    );
    const html = payload(
      '판매수수료.xls',
      new TextEncoder().encode('<html><body><table><tr><td>x</td></tr></table></body></html>'),
    );
    await pick(page, [junk, html]);
    await cardsSettled(page, 2);
    const card = await cardFor(page, junk.name);
    await expect(card.getByTestId('refused').isVisible()).resolves.toBe(true);
    const reason = (await card.getByTestId('refused-reason').textContent()) ?? '';
    expect(reason).toMatch(/[가-힣]/);
    expect(reason).toMatch(/쿠팡|파일/);
    const htmlReason =
      (await (await cardFor(page, html.name)).getByTestId('refused-reason').textContent()) ?? '';
    expect(htmlReason).toContain('HTML');
    await expect(page.getByTestId('import').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('footer-msg').textContent()).resolves.toContain(
      '가져올 수 있는 파일이 없습니다',
    );
    await shot(page, 'error');

    // Next to a good file: the good one is imported, the bad one leaves no trace.
    const good = v2Files.find((f) => f.name.includes('STORAGE_FEE'))!;
    await pick(page, [good]);
    await cardsSettled(page, 3);
    await planReady(page);
    await importAndWait(page);
    const sheets = await getSheets(h);
    expect(tabRows(sheets, FULFILLMENT_TAB).length).toBeGreaterThan(0);
    const everything = JSON.stringify(sheets);
    expect(everything).not.toContain(junk.name);
    expect(everything).not.toContain(html.name);
    await context.close();
  });

  it('decodes a CP949 CSV (똠, 뷁, 쌰, 휑) correctly in the browser', async () => {
    const { page, context } = await openDialog(h);
    const csv = cp949InsightsCsv();
    await drop(page, csv);
    await cardsSettled(page, 1);
    const card = await cardFor(page, csv.name);
    await expect(card.getByTestId('report').textContent()).resolves.toContain('판매분석');
    await card.getByTestId('period-start').fill('2025-01-01');
    await card.getByTestId('period-end').fill('2025-01-31');
    await planReady(page);
    await importAndWait(page);
    const orders = tabRows(await getSheets(h), ORDERS_TAB);
    const names = new Set(orders.map((o) => o['product_name']));
    expect(names).toEqual(new Set(['똠방각하 뷁 세트', '휑한 방 쿠션']));
    expect(new Set(orders.map((o) => o['option_name']))).toEqual(new Set(['똠 옵션 큰것', '쌰 기본']));
    // The same bytes through core in Node (iconv-lite) give the same amounts.
    const period = { start: String(orders[0]?.['period_start']), end: String(orders[0]?.['period_end']) };
    const expected = normalizeInNode([csv], period);
    expect(sum(orders, 'gross_sales')).toBe(expected.orders.reduce((s, o) => s + o.gross_sales, 0));
    await context.close();
  });

  it('a 판매분석 file waits for the seller to confirm its period: nothing pre-filled, the button says why', async () => {
    const { page, context } = await openDialog(h);
    await pick(page, [payload(v1File.name, v1File.bytes)]);
    await cardsSettled(page, 1);
    const card = await cardFor(page, v1File.name);
    // No period is assumed: both inputs are empty, the import is disabled and says why.
    await expect(card.getByTestId('period-start').inputValue()).resolves.toBe('');
    await expect(card.getByTestId('period-end').inputValue()).resolves.toBe('');
    await expect(card.getByTestId('period-text').textContent()).resolves.toBe('기간을 입력하세요');
    const button = page.getByTestId('import');
    await expect(button.isDisabled()).resolves.toBe(true);
    await expect(button.getAttribute('title')).resolves.toMatch(/판매분석.*기간/);
    await expect(button.getAttribute('aria-describedby')).resolves.toBe('footer-msg');
    await expect(page.getByTestId('footer-msg').textContent()).resolves.toContain('기간');
    await expect(card.getByTestId('period-error').textContent()).resolves.toContain('기간');
    await page.waitForTimeout(300);
    await expect(page.getByTestId('plan').count()).resolves.toBe(0);
    // A suggestion is offered: the month before the download day in the file name (…_20250201).
    expect(v1File.name).toMatch(/_20250201\.xlsx$/);
    const suggest = card.getByTestId('period-suggest');
    await expect(suggest.textContent()).resolves.toContain('2025-01-01 ~ 2025-01-31');
    await shot(page, 'v1-period-unconfirmed');

    // Picking it is the confirmation: the file is mapped with it, then planned and imported.
    await suggest.click();
    await expect(card.getByTestId('period-start').inputValue()).resolves.toBe('2025-01-01');
    await planReady(page);
    await expect(button.isEnabled()).resolves.toBe(true);
    await expect(button.getAttribute('title')).resolves.toBe('');
    await expect(suggest.isVisible()).resolves.toBe(false);
    await expect(card.getByTestId('period-text').textContent()).resolves.toBe('2025-01-01 ~ 2025-01-31');
    await importAndWait(page);
    const orders = tabRows(await getSheets(h), ORDERS_TAB);
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o['period_start'] === '2025-01-01' && o['period_end'] === '2025-01-31')).toBe(
      true,
    );
    await context.close();
  });

  it('a period typed by the seller works the same, and clearing it blocks the import again', async () => {
    const { page, context } = await openDialog(h);
    await pick(page, [payload(v1File.name, v1File.bytes)]);
    await cardsSettled(page, 1);
    const card = await cardFor(page, v1File.name);
    await card.getByTestId('period-start').fill('2025-01-01');
    await card.getByTestId('period-end').fill('2025-01-15');
    await planReady(page);
    await expect(page.getByTestId('import').isEnabled()).resolves.toBe(true);
    await card.getByTestId('period-start').fill('');
    await expect(page.getByTestId('import').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('import').getAttribute('title')).resolves.toContain('기간');
    await context.close();
  });

  it('a Marketplace download is named as such, refused, and shows no control mark', async () => {
    const { page, context } = await openDialog(h);
    const name = 'MSF_PAYMENT_REVENUE_DETAIL-20250201.xlsx';
    const bytes = xlsxOf({
      'Order Detail Report': [
        ['주문ID', '옵션ID', '거래유형', '판매액(A*B)', '정산대상액', '판매수수료', '판매수수료 VAT'],
        ['20250101123456', '95521944483', '결제', 10000, 8812, 1080, 108],
      ],
    });
    await pick(page, [payload(name, bytes)]);
    await cardsSettled(page, 1);
    const card = await cardFor(page, name);
    const title = (await card.getByTestId('report').textContent()) ?? '';
    expect(title).toContain('마켓플레이스');
    expect(title).toContain('MSF_PAYMENT_REVENUE_DETAIL');
    expect(title).toContain('로켓그로스 리포트 아님');
    expect(title).not.toMatch(/판매수수료|CATEGORY_TR/);
    await expect(card.getByTestId('refused').isVisible()).resolves.toBe(true);
    await expect(card.getByTestId('refused-reason').textContent()).resolves.toContain('마켓플레이스');
    await expect(card.locator('[data-ok]').count()).resolves.toBe(0);
    await expect(page.getByTestId('import').isDisabled()).resolves.toBe(true);
    await shot(page, 'marketplace');
    await context.close();
  });

  it('a failed chunk keeps its place: 다시 시도 resumes and the import completes', async () => {
    const { page, context } = await openDialog(h);
    await pick(page, v2Files);
    await cardsSettled(page, v2Files.length);
    await planReady(page);
    let failed = false;
    await page.route('**/api/run/cjetImportChunk', async (route) => {
      const body = route.request().postData() ?? '';
      if (!failed && body.includes('"dryRun":false')) {
        failed = true;
        await route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: '{"ok":false,"message":"Exceeded maximum execution time"}',
        });
        return;
      }
      await route.continue();
    });
    await page.getByTestId('import').click();
    await page.getByTestId('import-error').waitFor();
    await expect(page.getByTestId('import-error').textContent()).resolves.toContain('1번째 묶음');
    await expect(page.getByTestId('retry').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('retry').textContent()).resolves.toContain('다시 시도');
    await shot(page, 'chunk-failed');
    await page.getByTestId('retry').click();
    await page.getByTestId('summary').waitFor({ timeout: 120_000 });
    const expected = normalizeInNode(v2Files);
    expect(tabRows(await getSheets(h), ORDERS_TAB)).toHaveLength(expected.orders.length);
    await context.close();
  });

  it('a 50,000-row file shows parsing progress and the dialog stays responsive', async () => {
    const big = generateLargeFile('CATEGORY_TR', 50_000);
    // From a path: a Buffer would be base64-piped into the renderer by Playwright, which itself
    // blocks the page for seconds and would be measured as the dialog's fault.
    const dir = path.resolve('test-results/browser-files');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, big.name);
    writeFileSync(file, big.bytes);
    const { page, context } = await openDialog(h);
    // Longest gap between animation frames while the file is parsed.
    await page.evaluate(
      'window.__gaps = []; (() => { let last = performance.now(); const f = () => { const n = performance.now(); window.__gaps.push(n - last); last = n; requestAnimationFrame(f); }; requestAnimationFrame(f); })()',
    );
    await page.getByTestId('file-input').setInputFiles(file);
    const progress = page.getByTestId('parse-progress');
    await progress.waitFor({ timeout: 10_000 });
    await expect(progress.textContent()).resolves.toMatch(/읽는 중|분석 중/);
    await page.waitForTimeout(2500);
    const early = await progress.textContent();
    await shot(page, 'large-file-progress');
    await page.waitForTimeout(1500);
    // The card keeps repainting (elapsed seconds, rows) while the parser works.
    await expect(progress.textContent()).resolves.not.toBe(early);
    await cardsSettled(page, 1, 180_000);
    await expect(page.getByTestId('rows').textContent()).resolves.toContain('50,000');
    const longest = Number(await page.evaluate('Math.max(...window.__gaps)'));
    // On the main thread the parse is one ~15 s block; in the worker only the hand-over of the
    // records (a structured clone) holds the page, for about a second.
    expect(longest).toBeLessThan(4000);
    await context.close();
  });

  it('still works where workers are not allowed: parses on the main thread instead', async () => {
    // Blob-URL workers are unverified in Apps Script's sandbox; without them the dialog must still work.
    const context = await h.browser.newContext({ viewport: { width: 820, height: 640 }, locale: 'ko-KR' });
    await context.addInitScript('window.Worker = undefined;');
    const page = await context.newPage();
    page.on('request', (request) => {
      h.requests.push(request.url());
    });
    await page.goto(`${h.server.url}/`);
    const files = v2Files.slice(0, 3);
    await pick(page, files);
    await cardsSettled(page, files.length);
    await expect(page.getByTestId('refused').count()).resolves.toBe(0);
    await planReady(page);
    await context.close();
  });

  it('is usable by keyboard: the drop zone is a focusable button that opens the file picker', async () => {
    const { page, context } = await openDialog(h);
    // Listen first: Playwright intercepts the native chooser only once a listener is attached.
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await page.waitForTimeout(300);
    await page.keyboard.press('Tab'); // language toggle
    await page.keyboard.press('Tab'); // drop zone
    await expect(
      page.evaluate('document.activeElement && document.activeElement.dataset.testid'),
    ).resolves.toBe('dropzone');
    // A visible focus ring (keyboard focus matches :focus-visible).
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    const fc = await chooser;
    expect(fc.isMultiple()).toBe(true);
    await shot(page, 'keyboard-focus');
    await context.close();
  });

  it('switches to English and keeps the Korean on the import button', async () => {
    const { page, context } = await openDialog(h);
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Import Coupang Rocket Growth files');
    await expect(page.getByTestId('import').textContent()).resolves.toContain('가져오기');
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('h1').textContent()).resolves.toContain('쿠팡');
    await context.close();
  });

  it('imports every sample file in examples/: the tabs match normalizeFiles in Node', async () => {
    const dir = path.resolve('examples');
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => /\.(xlsx|xls|csv)$/i.test(n)) : [];
    expect(names.length, 'examples/ holds the synthetic sample downloads').toBeGreaterThan(0);
    const files = names.map((n) => payload(n, readFileSync(path.join(dir, n))));
    const period = { start: '2025-01-01', end: '2025-01-31' };
    const { page, context } = await openDialog(h);
    await pick(page, files);
    await cardsSettled(page, files.length, 120_000);
    const refused = await Promise.all(
      (await page.locator('[data-testid=file-card][data-state=refused]').all()).map((card) =>
        card.getAttribute('data-file'),
      ),
    );
    expect(refused).toEqual([]);
    const insights = page.locator('[data-testid=file-card]', { has: page.getByTestId('period') }).filter({
      has: page.locator('[data-testid=period]:visible'),
    });
    await insights.getByTestId('period-start').fill(period.start);
    await insights.getByTestId('period-end').fill(period.end);
    // Re-mapped with the typed period (debounced, then parsed again).
    await expect
      .poll(() => insights.getByTestId('period-text').textContent(), { timeout: 30_000 })
      .toBe('2025-01-01 ~ 2025-01-31');
    await planReady(page);
    await importAndWait(page);
    // Nothing is a mismatch. Two files are "partly written", never ✓: the v1 file (superseded by the
    // settlement reports) and the CATEGORY_TR .xlsx whose CSV re-save was read first (its lines are
    // duplicates, counted once).
    const controls = page.getByTestId('summary-controls');
    await expect(controls.locator('[data-status=mismatch]').count()).resolves.toBe(0);
    const partial = await Promise.all(
      (await controls.locator('[data-status=partial]').all()).map((row) => row.getAttribute('title')),
    );
    const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8'));
    const v1Name = names.find((n) => n.startsWith('SELLER_INSIGHTS'))!;
    const resaved = names.find((n) => n.includes('CATEGORY_TR') && n.endsWith('.xlsx'))!;
    expect(partial.sort()).toEqual([resaved, v1Name].sort());
    // The v1 file's rows are superseded by the settlement reports: their own column and money, no
    // "rejected" (figures from examples/truth.json). The tab counts order lines (records); the file's
    // control counts its rows (a row with sales and cancellations is one line).
    const v1Truth = truth.files[v1Name].orders as { lines: number; gross_sales: number };
    const v1Rows = truth.files[v1Name].data_rows - truth.files[v1Name].skipped_rows;
    const cell = (kind: string) =>
      page.locator(`[data-testid=summary-table] tr[data-tab=orders] td[data-kind=${kind}]`);
    await expect(cell('superseded').textContent()).resolves.toBe(v1Truth.lines.toLocaleString('ko-KR'));
    await expect(cell('rejected').count()).resolves.toBe(0);
    await expect(
      page
        .locator(`[data-testid=summary-controls] tr[title="${v1Name}"] [data-testid=control-superseded]`)
        .textContent(),
    ).resolves.toBe(
      `대체 ${v1Truth.gross_sales.toLocaleString('ko-KR')} (${v1Rows.toLocaleString('ko-KR')}행)`,
    );
    await expect(
      page
        .locator(`[data-testid=summary-controls] tr[title="${v1Name}"] [data-testid=control-lines]`)
        .textContent(),
    ).resolves.toContain(`대체 ${v1Rows.toLocaleString('ko-KR')}`);

    // Node: the same bytes through core. The CSV is a re-save of the CATEGORY_TR period (same line
    // keys: imported once), and the v1 file's January is covered by v2 data (not counted twice).
    const expected = normalizeInNode(files, period);
    const unique = <T extends { line_key: string }>(rows: readonly T[]) => [
      ...new Map(rows.map((r) => [r.line_key, r])).values(),
    ];
    const v2Orders = unique(expected.orders.filter((o) => o.mapping_version === 'v2'));
    const sheets = await getSheets(h);
    const orders = tabRows(sheets, ORDERS_TAB);
    const fulfillment = tabRows(sheets, FULFILLMENT_TAB);
    expect(orders.filter((o) => o['mapping_version'] === 'v2')).toHaveLength(v2Orders.length);
    expect(
      sum(
        orders.filter((o) => o['mapping_version'] === 'v2'),
        'gross_sales',
      ),
    ).toBe(v2Orders.reduce((s, o) => s + o.gross_sales, 0));
    expect(orders.filter((o) => o['mapping_version'] === 'v1')).toHaveLength(0);
    // The summary ends with the month's headline (issue #11): January 2025, every figure ✓, its
    // 공급대가 = Σ (판매액 − 판매자할인쿠폰) of the v2 order lines Node read.
    const headline = page.getByTestId('close-headline');
    await expect(headline.locator('tr[data-month="2025-01"] td').count()).resolves.toBe(5);
    await expect(headline.locator('td[data-ok=false]').count()).resolves.toBe(0);
    const supplyTotal = v2Orders.reduce((s, o) => s + o.gross_sales - o.seller_coupon, 0);
    await expect(headline.locator('tr[data-month="2025-01"] td').first().textContent()).resolves.toBe(
      `${supplyTotal.toLocaleString('ko-KR')} ✓`,
    );
    const fees = unique(expected.fulfillment);
    expect(fulfillment).toHaveLength(fees.length);
    expect(sum(fulfillment, 'total_fee')).toBe(fees.reduce((s, f) => s + f.total_fee, 0));
    expect(sum(orders, 'seller_borne_shipping')).toBe(
      v2Orders.reduce((s, o) => s + o.seller_borne_shipping, 0),
    );
    await shot(page, 'examples-summary');
    await headline.scrollIntoViewIfNeeded();
    await shot(page, 'examples-summary-close');
    await context.close();
  });

  it('removals need an explicit confirmation: by count and money, the import waits for the box', async () => {
    // Issue #8 case 3: a period delivered as two files. Part 1 (4 lines, 12,000) is in the book;
    // part 2 alone (2 lines, 6,000) would remove it.
    const part1 = payload('A00012345-CATEGORY_TR-ko-part1.xlsx', categoryTr([1, 2, 3, 4]));
    const part2 = payload('A00012345-CATEGORY_TR-ko-part2.xlsx', categoryTr([5, 6]));
    let { page, context } = await openDialog(h);
    await pick(page, [part1]);
    await cardsSettled(page, 1);
    await planReady(page);
    await expect(page.getByTestId('consent').count()).resolves.toBe(0);
    await importAndWait(page);
    await context.close();

    ({ page, context } = await openDialog(h));
    await pick(page, [part2]);
    await cardsSettled(page, 1);
    await planReady(page);
    const consent = page.getByTestId('consent');
    await consent.waitFor();
    await expect(consent.getByTestId('consent-text').textContent()).resolves.toContain(
      '장부에 있던 행 4개(12,000원)를 지웁니다',
    );
    await expect(consent.getByTestId('consent-scope').textContent()).resolves.toContain('4행, 12,000원');
    await expect(
      page.locator('[data-testid=plan] tr[data-tab=orders] td[data-kind=removed]').textContent(),
    ).resolves.toBe('4');
    // Until the box is ticked the import cannot start, and the dialog says why.
    await expect(page.getByTestId('import').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('footer-msg').textContent()).resolves.toContain('체크');
    await shot(page, 'consent');
    expect(tabRows(await getSheets(h), ORDERS_TAB)).toHaveLength(4);
    await page.getByTestId('consent-checkbox').check();
    await expect(page.getByTestId('import').isDisabled()).resolves.toBe(false);
    await importAndWait(page);
    const orders = tabRows(await getSheets(h), ORDERS_TAB);
    expect(orders).toHaveLength(2);
    expect(sum(orders, 'gross_sales')).toBe(6_000);
    await context.close();
  });

  it('the server refuses removals it was never asked about, and the dialog plans again to ask', async () => {
    // The plan is made while the book is empty; before 가져오기 another window imports part 1, so the
    // finish of part 2 would remove it: the server refuses, and the dialog shows a new plan that asks.
    const part1 = payload('A00012345-CATEGORY_TR-ko-race1.xlsx', categoryTr([1, 2, 3, 4]));
    const part2 = payload('A00012345-CATEGORY_TR-ko-race2.xlsx', categoryTr([5, 6]));
    const first = await openDialog(h);
    await pick(first.page, [part2]);
    await cardsSettled(first.page, 1);
    await planReady(first.page);
    await expect(first.page.getByTestId('consent').count()).resolves.toBe(0);

    const other = await openDialog(h);
    await pick(other.page, [part1]);
    await cardsSettled(other.page, 1);
    await planReady(other.page);
    await importAndWait(other.page);
    await other.context.close();

    await first.page.getByTestId('import').click();
    await first.page.getByTestId('import-refused').waitFor({ timeout: 60_000 });
    await expect(first.page.getByTestId('import-refused').textContent()).resolves.toContain(
      '지워도 된다는 확인이 없어 아무것도 지우지 않았습니다',
    );
    await first.page.getByTestId('consent').waitFor({ timeout: 60_000 });
    // Nothing of part 1 is gone; part 2's lines are in (they were sent before the finish refused).
    expect(tabRows(await getSheets(h), ORDERS_TAB)).toHaveLength(6);
    await first.page.getByTestId('consent-checkbox').check();
    await importAndWait(first.page);
    const orders = tabRows(await getSheets(h), ORDERS_TAB);
    expect(orders).toHaveLength(2);
    expect(sum(orders, 'gross_sales')).toBe(6_000);
    await first.context.close();
  });

  it('a line that cannot be read: the card names it, nothing is removed, and the control is not ✓', async () => {
    // Issue #8 case 1: the book holds 5 lines (15,000); the same file again with #VALUE! in one 판매액.
    const name = 'A00012345-CATEGORY_TR-ko-value.xlsx';
    let { page, context } = await openDialog(h);
    await pick(page, [payload(name, categoryTr([1, 2, 3, 4, 5]))]);
    await cardsSettled(page, 1);
    await planReady(page);
    await importAndWait(page);
    await context.close();

    ({ page, context } = await openDialog(h));
    await pick(page, [payload(name, categoryTr([1, 2, 3, 4, 5], 5))]);
    await cardsSettled(page, 1);
    const card = await cardFor(page, name);
    await expect(card.getByTestId('not-imported').textContent()).resolves.toBe(
      '가져오지 못한 행 1개(주문내역, 판매수수료!7). 이 행 때문에 장부에서 지워지는 행은 없습니다.',
    );
    await expect(card.locator('[data-testid=control] summary').getAttribute('data-ok')).resolves.toBe(
      'false',
    );
    await planReady(page);
    await expect(page.getByTestId('consent').count()).resolves.toBe(0);
    await expect(
      page.locator('[data-testid=plan] tr[data-tab=orders] td[data-kind=removed]').textContent(),
    ).resolves.toBe('0');
    await importAndWait(page);
    const row = page.locator(`[data-testid=summary-controls] tr[title="${name}"]`);
    await expect(row.getAttribute('data-status')).resolves.toBe('partial');
    await expect(row.locator('td.mark').textContent()).resolves.toBe('⚠');
    await expect(row.getByTestId('control-lines').textContent()).resolves.toBe(
      '읽음 5 · 기록 0 · 그대로 4 · 거부 1 · 건너뜀 0 · 대체 0',
    );
    await shot(page, 'rejected-line');
    const orders = tabRows(await getSheets(h), ORDERS_TAB);
    expect(orders).toHaveLength(5);
    expect(sum(orders, 'gross_sales')).toBe(15_000);
    await context.close();
  });

  it('never makes a request that leaves localhost, and throws no page errors', () => {
    expect(h.requests.length).toBeGreaterThan(0);
    const origin = new URL(h.server.url).origin;
    const outside = h.requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(outside).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});

function stripLineage(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map(({ import_id: _i, ...rest }) => rest);
}
