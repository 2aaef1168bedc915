/**
 * Splits normalized records into chunks for `google.script.run`. Apps Script documents no payload
 * cap, but calls of a few MB are known to work and each call must finish in well under 6 minutes,
 * so a chunk holds at most MAX_ROWS records and about MAX_BYTES of JSON (measured as UTF-8, since
 * Korean text is 3 bytes per syllable on the wire).
 */
import type { FeeRecord, FulfillmentRecord, OrderRecord } from '../core/model/records';

export const MAX_ROWS = 5000;
// (rpc.ts allows 10,000 per call, but 10,000 order records are ~6 MB of JSON: 5,000 keeps us near 2 MB.)
export const MAX_BYTES = 2_000_000;

export interface RecordChunk {
  orders: OrderRecord[];
  fees: FeeRecord[];
  fulfillment: FulfillmentRecord[];
}

export interface RecordSet {
  orders: readonly OrderRecord[];
  fees: readonly FeeRecord[];
  fulfillment: readonly FulfillmentRecord[];
}

const encoder = new TextEncoder();

export function chunkRecords(records: RecordSet, maxRows = MAX_ROWS, maxBytes = MAX_BYTES): RecordChunk[] {
  const chunks: RecordChunk[] = [];
  let current: RecordChunk = { orders: [], fees: [], fulfillment: [] };
  let rows = 0;
  let bytes = 0;
  const push = <K extends keyof RecordChunk>(kind: K, record: RecordChunk[K][number]) => {
    const size = encoder.encode(JSON.stringify(record)).length + 1;
    if (rows > 0 && (rows + 1 > maxRows || bytes + size > maxBytes)) {
      chunks.push(current);
      current = { orders: [], fees: [], fulfillment: [] };
      rows = 0;
      bytes = 0;
    }
    (current[kind] as RecordChunk[K][number][]).push(record);
    rows += 1;
    bytes += size;
  };
  // Orders first: the server attributes fulfillment fees to order lines it already holds.
  for (const r of records.orders) push('orders', r);
  for (const r of records.fees) push('fees', r);
  for (const r of records.fulfillment) push('fulfillment', r);
  if (rows > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

export function chunkRows(chunk: RecordChunk): number {
  return chunk.orders.length + chunk.fees.length + chunk.fulfillment.length;
}
