// The dialog's chunking and resume logic in Node, with google.script.run replaced by a fake that
// answers like merge's server: fast to run, and exact about which chunk goes when.
import { afterEach, describe, expect, it } from 'vitest';
import { chunkRecords, MAX_BYTES, MAX_ROWS } from '../../src/core/merge/chunks';
import type { FulfillmentRecord } from '../../src/core/model/records';
import { emptyTabCountsByTab, type ImportChunkRequest } from '../../src/core/model/rpc';
import { encodeChunk } from '../../src/core/model/wire';
import { ImportSession, StepFailure } from '../../src/dialog/import-runner';

function fee(i: number, name = '상품'): FulfillmentRecord {
  return {
    line_key: `k${i}`,
    source_report: 'STORAGE_FEE',
    fee_type: 'storage',
    fee_label: null,
    transaction: 'charge',
    settlement_cycle: null,
    period_end: '2025-01-31',
    occurred_date: null,
    recognition_date: null,
    order_date: null,
    order_id: null,
    shipment_id: null,
    product_id: null,
    option_id: String(95521944483 + i),
    sku_id: null,
    product_name: name,
    option_name: null,
    size_tier: null,
    fulfillment_center: null,
    quantity: 1,
    gross_fee: 100,
    discount: 0,
    promo_credit: 0,
    extra_fee: 0,
    net_fee: 100,
    vat: 10,
    total_fee: 110,
    attributed_line_key: null,
    import_id: null,
    source_file: 'f.xlsx',
    source_sheet: '보관비',
    source_row: i + 1,
    tax_invoice_month: '2025-01',
    vendor_id: null,
  };
}

type Handler = (fn: string, arg: Record<string, unknown>) => unknown;

/** google.script.run as the dialog sees it: chained handlers, asynchronous answers. */
function fakeGoogle(handler: Handler): void {
  const runner = (ok?: (v: unknown) => void, fail?: (e: unknown) => void): Record<string, unknown> => ({
    withSuccessHandler: (f: (v: unknown) => void) => runner(f, fail),
    withFailureHandler: (f: (e: unknown) => void) => runner(ok, f),
    ...Object.fromEntries(
      ['cjetImportBegin', 'cjetImportChunk', 'cjetImportFinish', 'cjetImportClose'].map((name) => [
        name,
        (arg: Record<string, unknown>) =>
          setTimeout(() => {
            try {
              ok?.(JSON.parse(JSON.stringify(handler(name, arg))));
            } catch (error) {
              fail?.(error);
            }
          }, 0),
      ]),
    ),
  });
  (globalThis as { google?: unknown }).google = { script: { run: runner() } };
}

afterEach(() => {
  delete (globalThis as { google?: unknown }).google;
});

describe('chunks', () => {
  it('keeps every chunk under the row and byte limits, in order, losing nothing', () => {
    const fulfillment = Array.from({ length: 12_345 }, (_, i) => fee(i));
    const chunks = chunkRecords({ orders: [], fees: [], fulfillment });
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(12_345 / MAX_ROWS));
    for (const c of chunks) expect(c.fulfillment.length).toBeLessThanOrEqual(MAX_ROWS);
    expect(chunks.flatMap((c) => c.fulfillment.map((r) => r.line_key))).toEqual(
      fulfillment.map((r) => r.line_key),
    );
    // What google.script.run carries is the compact wire form (src/core/model/wire.ts).
    for (const c of chunks)
      expect(new TextEncoder().encode(JSON.stringify(encodeChunk(c))).length).toBeLessThan(MAX_BYTES);
  });

  it('splits by bytes when rows are large (Korean text is 3 bytes a syllable)', () => {
    const long = '똠'.repeat(20_000);
    // Each name different: a repeated text travels once per chunk (wire.ts), a distinct one each time.
    const fulfillment = Array.from({ length: 100 }, (_, i) => fee(i, `${long}${i}`));
    const chunks = chunkRecords({ orders: [], fees: [], fulfillment });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks)
      expect(new TextEncoder().encode(JSON.stringify(encodeChunk(c))).length).toBeLessThanOrEqual(MAX_BYTES);
  });
});

describe('ImportSession', () => {
  const chunkAnswer = (req: ImportChunkRequest) => ({
    importId: req.importId,
    seq: req.seq,
    refused: null,
    tabs: emptyTabCountsByTab(),
    files: [],
    scopes: [],
    shipping: { attributedFees: 0, unattributedFees: 0, linesChanged: 0 },
    v1Superseded: { removed: 0, skipped: 0 },
    commissionsMissing: 0,
    truncatedCells: 0,
    preservedUserRows: 0,
    removals: [],
    warnings: [],
  });
  const finishAnswer = (chunks: unknown[]) => ({
    importId: 'imp-1',
    dryRun: false,
    refused: null,
    tabs: {
      ...emptyTabCountsByTab(),
      fulfillment: { ...emptyTabCountsByTab().fulfillment, inserted: chunks.length },
    },
    v1Superseded: { removed: 0, skipped: 0 },
    shipping: { attributedFees: 0, unattributedFees: 0, linesChanged: 0 },
    commissionsMissing: 0,
    control: [],
    removals: { rows: 0, amount: 0, scopes: [] },
    warnings: [],
    logRowsWritten: 1,
  });

  it('sends chunks one after another and resumes at the failed one, passing every answer to finish', async () => {
    const seen: string[] = [];
    let failOnce = true;
    fakeGoogle((fn, arg) => {
      if (fn === 'cjetImportBegin') {
        seen.push('begin');
        return {
          importId: 'imp-1',
          refused: null,
          cells: { used: 0, needed: 0, limit: 10_000_000 },
          existingRows: { orders: 0, fees: 0, fulfillment: 0 },
          maxChunkRows: 2000,
        };
      }
      if (fn === 'cjetImportChunk') {
        const req = arg as unknown as ImportChunkRequest;
        seen.push(`chunk ${req.seq}`);
        if (req.seq === 1 && failOnce) {
          failOnce = false;
          throw new Error('Exceeded maximum execution time');
        }
        return chunkAnswer(req);
      }
      if (fn === 'cjetImportClose') {
        seen.push('close');
        return { refused: null, cursor: null, digest: null, close: [], warnings: [] };
      }
      seen.push(`finish ${(arg['chunks'] as unknown[]).length}`);
      return finishAnswer(arg['chunks'] as unknown[]);
    });
    const fulfillment = Array.from({ length: 10_000 }, (_, i) => fee(i));
    const session = new ImportSession({
      lang: 'ko',
      dryRun: false,
      allowRemovals: false,
      files: [],
      problems: [],
      records: { orders: [], fees: [], fulfillment },
    });
    const failure = await session.run(() => {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StepFailure);
    expect((failure as StepFailure).message).toContain('Exceeded');
    expect((failure as StepFailure).index).toBe(1);
    expect(session.progress()).toMatchObject({ done: 1, total: 5, rowsDone: 2000 });
    const result = await session.run(() => {});
    // The server's maxChunkRows (2,000) wins over the dialog's own limits; begin is not repeated.
    expect(seen).toEqual([
      'begin',
      'chunk 0',
      'chunk 1',
      'chunk 1',
      'chunk 2',
      'chunk 3',
      'chunk 4',
      'finish 5',
      'close',
    ]);
    expect(result.tabs.fulfillment.inserted).toBe(5);
  });

  it("turns a refusal into a failure that carries the server's Korean message", async () => {
    fakeGoogle(() => ({
      importId: '',
      refused: { code: 'LOCKED', message: '다른 사람이 가져오는 중입니다.\nSomeone else is importing.' },
      cells: { used: 0, needed: 0, limit: 0 },
      existingRows: { orders: 0, fees: 0, fulfillment: 0 },
      maxChunkRows: 0,
    }));
    const session = new ImportSession({
      lang: 'ko',
      dryRun: true,
      allowRemovals: false,
      files: [],
      problems: [],
      records: { orders: [], fees: [], fulfillment: [fee(1)] },
    });
    const failure = (await session.run(() => {}).catch((e: unknown) => e)) as StepFailure;
    expect(failure.step).toBe('begin');
    expect(failure.message).toBe('다른 사람이 가져오는 중입니다. Someone else is importing.');
  });
});
