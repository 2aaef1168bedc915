/**
 * Splits an import's records into the chunks of its server calls (rpc.ts: begin → chunk × N →
 * finish). Every chunk leaves every tab consistent on its own, so an interrupted import must never
 * leave an Orders line without its Fees row: records that belong together travel together.
 *
 * Records are grouped before they are packed:
 *   - an Orders line and its Fees row (the same line_key), and records of this import repeating a line
 *     (an .xlsx and its CSV re-save), so the merge sees the repeat and counts the line once;
 *   - a Fulfillment row and the Orders line it is attributed to (attributed_line_key), so the
 *     seller-borne shipping of the line is complete as soon as the line is;
 *   - the records of one source line (a 판매분석 row's sale and cancel lines, a CFS row's fee groups),
 *     so a file's per-line counts (FileOutcome) never count one line in two chunks.
 * Groups are packed in order (Orders first, as the file had them) into chunks of at most `maxRows`
 * records and `maxBytes` of the compact wire payload (src/core/model/wire.ts), measured as UTF-8
 * (Korean text is 3 bytes per syllable on the wire). Only a single group larger than a chunk is
 * split, and then in its own order.
 *
 * Apps Script documents no payload cap, but calls of a few MB are known to work: 2 MB per call. The
 * compact payload puts ~6,000 order lines with their fees (12,000 records) in it; the server allows
 * MAX_CHUNK_ROWS (rpc.ts) and the dialog sends fewer when a call took long (import-runner.ts).
 */
import type { FeeRecord, FulfillmentRecord, OrderRecord } from '../model/records';
import { WireSizer } from '../model/wire';

export { utf8Length } from '../model/wire';

export const MAX_ROWS = 12_000;
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

type Kind = keyof RecordChunk;
type Item = { kind: Kind; record: RecordChunk[Kind][number] };

/** Union-find over record positions. */
class Groups {
  private readonly parent: number[] = [];

  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }

  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[i] !== root) {
      const next = this.parent[i]!;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The earlier record stays the root, so a group keeps the position of its first record.
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

function group(records: RecordSet): Item[][] {
  const items: Item[] = [];
  const groups = new Groups();
  const orderAt = new Map<string, number>();
  const sourceLine = new Map<string, number>();
  const joinSourceLine = (
    i: number,
    record: { source_file: string; source_sheet: string; source_row: number },
    kind: Kind,
  ) => {
    const key = `${kind}\u0000${record.source_file}\u0000${record.source_sheet}\u0000${record.source_row}`;
    const first = sourceLine.get(key);
    if (first === undefined) sourceLine.set(key, i);
    else groups.union(first, i);
  };
  for (const record of records.orders) {
    const i = groups.add();
    items.push({ kind: 'orders', record });
    if (!orderAt.has(record.line_key)) orderAt.set(record.line_key, i);
    else groups.union(orderAt.get(record.line_key)!, i);
    joinSourceLine(i, record, 'orders');
  }
  for (const record of records.fees) {
    const i = groups.add();
    items.push({ kind: 'fees', record });
    const order = orderAt.get(record.line_key);
    if (order !== undefined) groups.union(order, i);
    // A fee without its order line (never made by the mappers) still keeps its source line's company.
    else joinSourceLine(i, record, 'fees');
  }
  const feeLineAt = new Map<string, number>();
  for (const record of records.fulfillment) {
    const i = groups.add();
    items.push({ kind: 'fulfillment', record });
    const order = record.attributed_line_key ? orderAt.get(record.attributed_line_key) : undefined;
    if (order !== undefined) groups.union(order, i);
    // The same line twice (a re-saved file): one chunk, so the merge counts it once.
    const twin = feeLineAt.get(record.line_key);
    if (twin === undefined) feeLineAt.set(record.line_key, i);
    else groups.union(twin, i);
    joinSourceLine(i, record, 'fulfillment');
  }
  const byRoot = new Map<number, Item[]>();
  const ordered: Item[][] = [];
  items.forEach((item, i) => {
    const root = groups.find(i);
    let members = byRoot.get(root);
    if (!members) {
      members = [];
      byRoot.set(root, members);
      ordered.push(members);
    }
    members.push(item);
  });
  return ordered;
}

function measure(sizer: WireSizer, item: Item): number {
  if (item.kind === 'orders') return sizer.order(item.record as OrderRecord);
  if (item.kind === 'fees') return sizer.fee(item.record as FeeRecord);
  return sizer.fulfillment(item.record as FulfillmentRecord);
}

/** Wire bytes of a chunk besides its records: `{"v":1,"strings":[],"orders":[],…}` and the call's
 *  other fields (import id, flags), rounded up. */
const ENVELOPE_BYTES = 200;

export function chunkRecords(records: RecordSet, maxRows = MAX_ROWS, maxBytes = MAX_BYTES): RecordChunk[] {
  const chunks: RecordChunk[] = [];
  let current: RecordChunk = { orders: [], fees: [], fulfillment: [] };
  let rows = 0;
  let bytes = ENVELOPE_BYTES;
  const sizer = new WireSizer();
  const flush = () => {
    if (rows === 0) return;
    chunks.push(current);
    current = { orders: [], fees: [], fulfillment: [] };
    rows = 0;
    bytes = ENVELOPE_BYTES;
    sizer.reset();
  };
  const sizeOf = (item: Item): number => measure(sizer, item);
  const place = (item: Item, size: number) => {
    (current[item.kind] as Item['record'][]).push(item.record);
    rows += 1;
    bytes += size;
  };
  for (const members of group(records)) {
    // Measured against the current chunk's dictionary (what it already carries costs nothing) …
    const probe = new WireSizer();
    const alone = members.reduce((n, m) => n + measure(probe, m), 0);
    // … bounded by its size alone: if it does not fit, a new chunk starts.
    if (rows + members.length > maxRows || bytes + alone > maxBytes) flush();
    for (const item of members) {
      const size = sizeOf(item);
      // Only a group larger than a whole chunk gets here with a full chunk: split it in order.
      if (rows > 0 && (rows + 1 > maxRows || bytes + size > maxBytes)) {
        flush();
        place(item, sizeOf(item));
      } else place(item, size);
    }
  }
  flush();
  if (chunks.length === 0) chunks.push(current);
  return chunks;
}

export function chunkRows(chunk: RecordChunk): number {
  return chunk.orders.length + chunk.fees.length + chunk.fulfillment.length;
}
