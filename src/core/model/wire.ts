/**
 * The records of a chunk as they travel through google.script.run (issue #9 "compact payloads"):
 * positional rows instead of keyed objects, text that repeats sent once, and a Fees record — which
 * copies most of its order line (src/core/map/fees.ts feeForOrder) — sent as its own fields and a
 * reference to that line. About 300 bytes per order line with its fee instead of ~1,760, so a 2 MB
 * call carries well over 5,000 records.
 *
 *   strings      text values sent once; a dictionary field holds the number of its entry;
 *   orders       one row per OrderRecord, the fields in ORDER_FIELDS order;
 *   fees         either [orderIndex, …own fields] (the fee copies order line `orderIndex` of this
 *                chunk in every field both records have) or a full row in FEE_FIELDS order (first
 *                cell: its line key, a string — never a number);
 *   fulfillment  one row per FulfillmentRecord in FULFILLMENT_FIELDS order.
 *
 * The server validates the shape with zod, rebuilds the records, and validates each with the very
 * record schemas of records.ts, so a compact payload is checked as strictly as a keyed one.
 */
import { z } from 'zod';
import { FeeRecord, FulfillmentRecord, OrderRecord } from './records';

export const WIRE_VERSION = 1;

export const ORDER_FIELDS = Object.keys(OrderRecord.shape) as (keyof OrderRecord)[];
export const FEE_FIELDS = Object.keys(FeeRecord.shape) as (keyof FeeRecord)[];
export const FULFILLMENT_FIELDS = Object.keys(FulfillmentRecord.shape) as (keyof FulfillmentRecord)[];

/** Fee fields an OrderRecord also has (equal when the fee was made from its line). */
const FEE_COPIED = FEE_FIELDS.filter((f) => (ORDER_FIELDS as string[]).includes(f));
const FEE_OWN = FEE_FIELDS.filter((f) => !FEE_COPIED.includes(f));

/** Text fields whose values repeat across records (names, codes, dates, files): sent once per chunk.
 *  Never line keys and order or shipment IDs (nearly unique). */
const NOT_DICTIONARY = new Set(['line_key', 'order_id', 'shipment_id', 'attributed_line_key']);

/** Strings a text field of records.ts accepts (free text, a date, one of its enum words). */
const SAMPLE_TEXT = ['x', '2025-01-31', 'v2', 'CATEGORY_TR', 'sale', 'charge', 'warehousing', 'collected'];

function dictionaryFields(shape: Record<string, z.ZodType>): Set<string> {
  const fields = new Set<string>();
  for (const [key, schema] of Object.entries(shape)) {
    if (NOT_DICTIONARY.has(key)) continue;
    // A text field: its schema accepts a string (nullable or not) and refuses a number.
    if (SAMPLE_TEXT.some((t) => schema.safeParse(t).success) && !schema.safeParse(0).success) fields.add(key);
  }
  return fields;
}

const ORDER_DICT = dictionaryFields(OrderRecord.shape);
const FEE_DICT = dictionaryFields(FeeRecord.shape);
const FULFILLMENT_DICT = dictionaryFields(FulfillmentRecord.shape);

export const WireCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type WireCell = z.infer<typeof WireCell>;

export const WireChunk = z.object({
  v: z.literal(WIRE_VERSION),
  strings: z.array(z.string()),
  orders: z.array(z.array(WireCell)),
  fees: z.array(z.array(WireCell)),
  fulfillment: z.array(z.array(WireCell)),
});
export type WireChunk = z.infer<typeof WireChunk>;

export interface RecordLists {
  orders: readonly OrderRecord[];
  fees: readonly FeeRecord[];
  fulfillment: readonly FulfillmentRecord[];
}

type Value = string | number | boolean | null;

const fieldValue = (record: object, field: string): Value => {
  const v = (record as Record<string, unknown>)[field];
  return v === undefined ? null : (v as Value);
};

/** Text values of one chunk, numbered in order of first use. */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  ref(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.index.set(text, i);
    }
    return i;
  }

  has(text: string): boolean {
    return this.index.has(text);
  }
}

function encodeRow(record: object, fields: readonly string[], dict: ReadonlySet<string>, strings: Strings) {
  return fields.map((field) => {
    const v = fieldValue(record, field);
    return typeof v === 'string' && dict.has(field) ? strings.ref(v) : v;
  });
}

const sameAsOrder = (fee: FeeRecord, order: OrderRecord | undefined): order is OrderRecord =>
  order !== undefined && FEE_COPIED.every((f) => fieldValue(fee, f) === fieldValue(order, f));

export function encodeChunk(chunk: RecordLists): WireChunk {
  const strings = new Strings();
  const orderAt = new Map<string, number>();
  const orders = chunk.orders.map((order, i) => {
    if (!orderAt.has(order.line_key)) orderAt.set(order.line_key, i);
    return encodeRow(order, ORDER_FIELDS, ORDER_DICT, strings);
  });
  const fees = chunk.fees.map((fee) => {
    const at = orderAt.get(fee.line_key);
    if (at !== undefined && sameAsOrder(fee, chunk.orders[at]))
      return [at, ...encodeRow(fee, FEE_OWN, FEE_DICT, strings)];
    return encodeRow(fee, FEE_FIELDS, FEE_DICT, strings);
  });
  const fulfillment = chunk.fulfillment.map((f) =>
    encodeRow(f, FULFILLMENT_FIELDS, FULFILLMENT_DICT, strings),
  );
  return { v: WIRE_VERSION, strings: strings.list, orders, fees, fulfillment };
}

export class WireError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'WireError';
  }
}

function decodeRow(
  row: readonly WireCell[],
  fields: readonly string[],
  dict: ReadonlySet<string>,
  strings: readonly string[],
  path: string,
): Record<string, unknown> {
  if (row.length !== fields.length)
    throw new WireError(path, `expected ${fields.length} values, got ${row.length}`);
  const record: Record<string, unknown> = {};
  fields.forEach((field, k) => {
    let v = row[k] ?? null;
    if (typeof v === 'number' && dict.has(field)) {
      const text = strings[v];
      if (text === undefined) throw new WireError(`${path}.${field}`, `no text #${v}`);
      v = text;
    }
    record[field] = v;
  });
  return record;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new WireError(
    `${path}${issue?.path.length ? `.${issue.path.join('.')}` : ''}`,
    issue?.message ?? 'invalid',
  );
}

/** Records of a validated WireChunk; throws WireError (with the path of the bad value) otherwise. */
export function decodeChunk(wire: WireChunk): {
  orders: OrderRecord[];
  fees: FeeRecord[];
  fulfillment: FulfillmentRecord[];
} {
  const { strings } = wire;
  const orders = wire.orders.map((row, i) =>
    parsed(OrderRecord, decodeRow(row, ORDER_FIELDS, ORDER_DICT, strings, `orders.${i}`), `orders.${i}`),
  );
  const fees = wire.fees.map((row, i) => {
    const path = `fees.${i}`;
    const first = row[0];
    if (typeof first !== 'number')
      return parsed(FeeRecord, decodeRow(row, FEE_FIELDS, FEE_DICT, strings, path), path);
    const order = orders[first];
    if (!order) throw new WireError(path, `no order line #${first} in this chunk`);
    const own = decodeRow(row.slice(1), FEE_OWN, FEE_DICT, strings, path);
    const copied: Record<string, unknown> = {};
    for (const f of FEE_COPIED) copied[f] = fieldValue(order, f);
    return parsed(FeeRecord, { ...copied, ...own }, path);
  });
  const fulfillment = wire.fulfillment.map((row, i) =>
    parsed(
      FulfillmentRecord,
      decodeRow(row, FULFILLMENT_FIELDS, FULFILLMENT_DICT, strings, `fulfillment.${i}`),
      `fulfillment.${i}`,
    ),
  );
  return { orders, fees, fulfillment };
}

/** UTF-8 bytes of a string (no TextEncoder: core also runs in Apps Script's bare V8). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3; // a lone surrogate is written as U+FFFD, 3 bytes
  }
  return bytes;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** JSON bytes of one cell as JSON.stringify writes it (strings: quotes and escapes counted). */
function cellBytes(v: Value): number {
  if (v === null) return 4;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (typeof v === 'number') return String(v).length;
  return utf8Length(JSON.stringify(v));
}

/**
 * The bytes records add to a chunk's wire payload, as the chunker packs them: dictionary text counted
 * once per chunk, a fee that copies its line counted as its own fields. `reset` starts a new chunk.
 */
export class WireSizer {
  private strings = new Strings();
  private orders = new Map<string, OrderRecord>();

  reset(): void {
    this.strings = new Strings();
    this.orders = new Map();
  }

  private rowBytes(record: object, fields: readonly string[], dict: ReadonlySet<string>): number {
    let bytes = 2 + Math.max(0, fields.length - 1); // [ ] and commas
    for (const field of fields) {
      const v = fieldValue(record, field);
      if (typeof v === 'string' && dict.has(field)) {
        if (!this.strings.has(v)) bytes += cellBytes(v) + 1;
        // The encoder numbers text in another order (all orders, then fees…): an entry's number may
        // have more digits there. Counting at least 4 keeps the estimate above the payload (a chunk
        // holds fewer than 10,000 distinct texts in practice; more are counted as they are).
        bytes += Math.max(4, String(this.strings.ref(v)).length);
      } else bytes += cellBytes(v);
    }
    return bytes + 1; // the comma between rows
  }

  order(record: OrderRecord): number {
    if (!this.orders.has(record.line_key)) this.orders.set(record.line_key, record);
    return this.rowBytes(record, ORDER_FIELDS, ORDER_DICT);
  }

  fee(record: FeeRecord): number {
    const order = this.orders.get(record.line_key);
    if (sameAsOrder(record, order)) return 6 + this.rowBytes(record, FEE_OWN, FEE_DICT);
    return this.rowBytes(record, FEE_FIELDS, FEE_DICT);
  }

  fulfillment(record: FulfillmentRecord): number {
    return this.rowBytes(record, FULFILLMENT_FIELDS, FULFILLMENT_DICT);
  }
}
