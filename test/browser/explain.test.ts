// "이 숫자 설명" in real headless Chromium, against the preview server (dist/Code.js in the Apps Script
// emulator): import a month through the dialog, select a 공헌이익 cell of 옵션별 손익 on /sheets, open the
// sidebar (dist/sidebar.html, as the menu item opens it in Sheets), and check that the rows it lists
// add up to the cell — and that the cell is the figure the test computes from the normalized tabs.
// Screenshots of the sidebar go to test-results/screenshots/.
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEES_TAB, FULFILLMENT_TAB, ORDERS_TAB, type TabDef } from '../../src/core/model/tabs';
import { generateMonth } from '../fixtures/generate';
import {
  cardsSettled,
  getSheets,
  type Harness,
  importAndWait,
  openDialog,
  payload,
  pick,
  planReady,
  resetSheets,
  SCREENSHOTS,
  type Sheets,
  shot,
  startHarness,
} from './harness';

let h: Harness;
let startFailure: unknown = null;
let sheets: Sheets;

const month = generateMonth(7);
const v2Files = month.files
  .filter((f) => f.report !== 'SELLER_INSIGHTS')
  .map((f) => payload(f.name, f.bytes));

beforeAll(async () => {
  try {
    h = await startHarness();
  } catch (error) {
    startFailure = error;
    return;
  }
  await resetSheets(h);
  const { page, context } = await openDialog(h);
  await pick(page, v2Files);
  await cardsSettled(page, v2Files.length);
  await planReady(page);
  await importAndWait(page);
  await context.close();
  sheets = await getSheets(h);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** Rows of a tab keyed by column key (Korean labels). */
function rowsOf(tab: TabDef): Record<string, unknown>[] {
  const [header = [], ...rows] = sheets[tab.ko] ?? [];
  const keys = header.map((label) => tab.columns.find((c) => c.ko === label)?.key ?? String(label));
  return rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i]])));
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const monthOf = (r: Record<string, unknown>) => String(r.recognition_date || r.period_end).slice(0, 7);

/** 공헌이익 of an option and month worked out here from the normalized tabs (no 원가 typed: cost 0). */
function contributionOf(option: string, ym: string): number {
  const orders = rowsOf(ORDERS_TAB).filter(
    (o) => o.mapping_version === 'v2' && o.option_id === option && monthOf(o) === ym,
  );
  const fees = rowsOf(FEES_TAB).filter(
    (f) => f.mapping_version === 'v2' && f.option_id === option && monthOf(f) === ym,
  );
  const charges = rowsOf(FULFILLMENT_TAB).filter(
    (f) => f.option_id === option && monthOf(f) === ym && f.fee_type !== 'inventory_compensation',
  );
  const supply = orders.reduce((t, o) => t + num(o.gross_sales) - num(o.seller_coupon), 0);
  const commission = fees.reduce((t, f) => t + num(f.effective_commission), 0);
  return supply - commission - charges.reduce((t, f) => t + num(f.total_fee), 0);
}

async function openSheets(): Promise<Page> {
  const context = await h.browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => h.pageErrors.push(error.message));
  page.on('request', (request) => h.requests.push(request.url()));
  await page.goto(`${h.server.url}/sheets`);
  return page;
}

async function sidebar(page: Page): Promise<Frame> {
  await page.getByTestId('explain-open').click();
  const element = await page.getByTestId('sidebar-frame').elementHandle();
  const frame = await element!.contentFrame();
  await frame!
    .locator('[data-testid=explained], [data-testid=explain-refused]')
    .first()
    .waitFor({ timeout: 60_000 });
  return frame!;
}

describe('이 숫자 설명 in the preview', () => {
  it('a 공헌이익 cell: the listed rows add up to the cell, which is the figure the normalized tabs give', async () => {
    if (startFailure) throw startFailure;
    const profit = sheets['옵션별 손익']!;
    const header = profit[0]!.map(String);
    const column = header.indexOf('공헌이익');
    // The option row with the most order lines of the month (not 미배정, not the 합계 row).
    const r = profit.findIndex(
      (row, i) => i > 0 && row[1] !== '미배정' && row[0] !== '합계' && num(row[column]) !== 0,
    );
    expect(r).toBeGreaterThan(0);
    const option = String(profit[r]![1]);
    const ym = String(profit[r]![0]).slice(0, 7);
    const cellValue = num(profit[r]![column]);
    expect(cellValue).toBe(contributionOf(option, ym));

    const page = await openSheets();
    const a1 = `${String.fromCharCode(65 + column)}${r + 1}`;
    await page.locator(`section[data-sheet="옵션별 손익"] td[data-a1="${a1}"]`).click();
    await expect.poll(() => page.getByTestId('selection').getAttribute('data-row')).toBe(String(r + 1));
    const frame = await sidebar(page);
    await expect(frame.getByTestId('explain-label').textContent()).resolves.toBe('공헌이익');
    const value = Number(await frame.getByTestId('explain-value').getAttribute('data-value'));
    const total = Number(await frame.getByTestId('explain-total').getAttribute('data-total'));
    const count = Number(await frame.getByTestId('explain-count').getAttribute('data-count'));
    expect(value).toBe(cellValue);
    expect(total).toBe(cellValue);
    await expect(frame.getByTestId('explain-check').getAttribute('data-equal')).resolves.toBe('true');
    const amounts = (await frame
      .getByTestId('explain-row')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-amount'))))) as number[];
    expect(await frame.getByTestId('explain-more').count()).toBe(0);
    expect(amounts).toHaveLength(count);
    expect(amounts.reduce((t, a) => t + a, 0)).toBe(cellValue);
    const side = page.getByTestId('sidebar-panel');
    await side.screenshot({ path: path.join(SCREENSHOTS, 'explain-sidebar-contribution.png') });
    await shot(page, 'explain-sheets-with-sidebar');

    // A row link selects that row in its tab.
    const first = frame.getByTestId('explain-row').first();
    const source = await first.getAttribute('data-row');
    await first.getByTestId('select-row').click();
    await expect.poll(() => page.getByTestId('selection').getAttribute('data-row')).toBe(source);
    const selected = await page.getByTestId('selection').getAttribute('data-sheet');
    expect(['주문', '수수료', '풀필먼트비용', '원가 계산']).toContain(selected);
    await expect(first.getAttribute('class')).resolves.toContain('selected');
    await side.screenshot({ path: path.join(SCREENSHOTS, 'explain-sidebar-row-selected.png') });
    await page.context().close();
  });

  it('a cell outside the summary tabs is refused, saying which tabs it works on', async () => {
    if (startFailure) throw startFailure;
    const page = await openSheets();
    await page.locator('section[data-sheet="주문"] td[data-a1="T2"]').click();
    await expect.poll(() => page.getByTestId('selection').getAttribute('data-sheet')).toBe('주문');
    const frame = await sidebar(page);
    await expect(frame.getByTestId('explain-refused').getAttribute('data-reason')).resolves.toBe(
      'not-a-summary',
    );
    await expect(frame.getByTestId('explain-refused').textContent()).resolves.toContain('옵션별 손익');
    await page
      .getByTestId('sidebar-panel')
      .screenshot({ path: path.join(SCREENSHOTS, 'explain-sidebar-refused.png') });
    await page.context().close();
  });

  it('everything stays on this machine, and no page threw', () => {
    if (startFailure) throw startFailure;
    const origin = new URL(h.server.url).origin;
    expect(
      h.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
    ).toEqual([]);
    expect(h.pageErrors).toEqual([]);
  });
});
