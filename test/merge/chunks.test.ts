// The shipped chunker (src/core/merge/chunks.ts, run by the dialog and by test/addon's driver):
// issue #8 case 10, "the dialog's chunker splits a fee from its order (all orders first, then all
// fees), so an interrupted import leaves Orders without Fees". Checked on a generated month.
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkRecords, MAX_BYTES, utf8Length } from '../../src/core/merge/chunks';
import type { NormalizeResult } from '../../src/core/model/records';
import { encodeChunk } from '../../src/core/model/wire';
import { normalizedMonth, SETTLEMENT_REPORTS } from '../addon/driver';

let month: NormalizeResult;
let insights: NormalizeResult;
beforeAll(() => {
  month = normalizedMonth(21, { reports: SETTLEMENT_REPORTS });
  insights = normalizedMonth(
    21,
    { reports: ['SELLER_INSIGHTS'] },
    { start: '2025-01-01', end: '2025-01-31' },
  );
});

const line = (r: { source_file: string; source_sheet: string; source_row: number }) =>
  `${r.source_file}|${r.source_sheet}|${r.source_row}`;

describe('chunks keep what belongs together', () => {
  it.each([7, 30, 100])('at %i records a chunk, every fee travels with its order line', (size) => {
    const chunks = chunkRecords(month, size);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const orders = new Set(chunk.orders.map((o) => o.line_key));
      for (const fee of chunk.fees) expect(orders.has(fee.line_key)).toBe(true);
      expect(chunk.fees.length).toBe(chunk.orders.length);
    }
  });

  it('a fulfillment row charged to an order line is in that line’s chunk', () => {
    const chunks = chunkRecords(month, 30);
    const charged = month.fulfillment.filter((f) => f.attributed_line_key);
    expect(charged.length).toBeGreaterThan(0);
    let checked = 0;
    for (const chunk of chunks) {
      const orders = new Set(chunk.orders.map((o) => o.line_key));
      for (const f of chunk.fulfillment) {
        if (!f.attributed_line_key) continue;
        expect(orders.has(f.attributed_line_key)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(charged.length);
  });

  it('the records of one source line (a 판매분석 row’s sale and cancel, a CFS row’s fee groups) never split', () => {
    for (const records of [month, insights]) {
      const chunks = chunkRecords(records, 9);
      const home = new Map<string, number>();
      chunks.forEach((chunk, i) => {
        for (const r of [...chunk.orders, ...chunk.fulfillment]) {
          const at = home.get(line(r));
          if (at === undefined) home.set(line(r), i);
          else expect(at).toBe(i);
        }
      });
    }
    // The 판매분석 month does have rows with both a sale and a cancellation line.
    const perLine = new Map<string, number>();
    for (const o of insights.orders) perLine.set(line(o), (perLine.get(line(o)) ?? 0) + 1);
    expect([...perLine.values()].some((n) => n > 1)).toBe(true);
  });

  it('sends every record exactly once, within the row and byte limits', () => {
    for (const [rows, limit] of [
      [30, 20_000],
      [5000, 8_000],
      [5000, 60_000],
    ] as const) {
      const chunks = chunkRecords(month, rows, limit);
      const sent = chunks.flatMap((c) => [...c.orders, ...c.fees, ...c.fulfillment]);
      expect(sent).toHaveLength(month.orders.length + month.fees.length + month.fulfillment.length);
      expect(new Set(sent).size).toBe(sent.length);
      for (const chunk of chunks) {
        expect(chunk.orders.length + chunk.fees.length + chunk.fulfillment.length).toBeLessThanOrEqual(rows);
        // What google.script.run carries: the compact wire form, measured by the platform's encoder.
        const bytes = new TextEncoder().encode(JSON.stringify(encodeChunk(chunk))).length;
        expect(bytes).toBeLessThanOrEqual(limit);
      }
    }
    expect(MAX_BYTES).toBe(2_000_000);
  });

  it('measures UTF-8 as TextEncoder does (Korean 3 bytes, emoji 4) without TextEncoder', () => {
    for (const text of ['abc', '판매수수료', 'é', '😀 상품', '\ud800x', 'x\udc00', '\ud83d']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
