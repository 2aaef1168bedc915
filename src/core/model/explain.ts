/**
 * The "이 숫자 설명 / Explain this number" payloads (issue #12): what the sidebar asks the server and
 * what it gets back. zod at the boundary, as every google.script.run payload (rpc.ts).
 */
import { z } from 'zod';

export const LangSchema = z.enum(['ko', 'en']);
export const SourceIdSchema = z.enum(['orders', 'fees', 'fulfillment', 'cost_days']);

/** Rows listed at most (the count and total always cover all of them). */
export const EXPLAIN_MAX_ROWS = 200;

export const ExplainRequest = z
  .object({ lang: LangSchema.optional() })
  .nullable()
  .optional()
  .transform((r) => r ?? {});
export type ExplainRequest = z.input<typeof ExplainRequest>;

/** One contributing row of a source tab. */
export const ExplainRow = z.object({
  source: SourceIdSchema,
  /** The tab's name as it is now, and the 1-based sheet row the row had when explained. */
  tab: z.string(),
  row: z.number().int(),
  /** Line key (행 키) of a normalized tab's row; the keys of a 원가 계산 row: how to find it again. */
  lineKey: z.string().nullable(),
  keys: z.record(z.string(), z.string()).nullable(),
  /** A few cells that say which row it is (date, order, option, name), in the term's columns. */
  cells: z.array(z.string()),
  /** Its contribution to the cell: sign × the summed column. */
  amount: z.number(),
  /** Index of its term in `terms`. */
  term: z.number().int(),
});
export type ExplainRow = z.infer<typeof ExplainRow>;

export const ExplainTerm = z.object({
  source: SourceIdSchema,
  tab: z.string(),
  sign: z.union([z.literal(1), z.literal(-1)]),
  /** The summed column's label. */
  value: z.string(),
  /** The filter in words, with the row's key values. */
  filter: z.string(),
  /** Labels of ExplainRow.cells for this term's rows. */
  columns: z.array(z.string()),
  count: z.number().int(),
  total: z.number(),
});
export type ExplainTerm = z.infer<typeof ExplainTerm>;

export const ExplainView = z.object({
  ok: z.literal(true),
  /** The summary tab's name and id, the cell (A1) and its 1-based sheet row. */
  tab: z.string(),
  tabId: z.string(),
  cell: z.string(),
  row: z.number().int(),
  /** The row's key cells as shown (월 2026-01 · 옵션ID 701). */
  keys: z.array(z.object({ label: z.string(), value: z.string() })),
  label: z.string(),
  meaning: z.string(),
  formula: z.string(),
  /** The cell's value as the summary computes it (the sheet's own figure: `shown`, when it has one). */
  value: z.union([z.number(), z.string(), z.null()]),
  shown: z.union([z.number(), z.string(), z.null()]),
  /** True when the cell is a signed sum of the listed rows: then count/total cover them all. */
  linear: z.boolean(),
  terms: z.array(ExplainTerm),
  count: z.number().int(),
  /** Σ amount over every contributing row (null when not linear). */
  total: z.number().nullable(),
  /** total = value (and = shown when the sheet computed it). */
  equal: z.boolean(),
  rows: z.array(ExplainRow),
  /** Rows not listed (beyond EXPLAIN_MAX_ROWS). */
  more: z.number().int(),
});
export type ExplainView = z.infer<typeof ExplainView>;

export const ExplainRefusal = z.object({
  ok: z.literal(false),
  reason: z.enum(['not-a-summary', 'header', 'total-row', 'blank-key', 'not-a-figure', 'outside']),
  /** Korean first, then English. */
  message: z.string(),
  tab: z.string().nullable(),
  cell: z.string().nullable(),
});
export type ExplainRefusal = z.infer<typeof ExplainRefusal>;

export const ExplainResponse = z.discriminatedUnion('ok', [ExplainView, ExplainRefusal]);
export type ExplainResponse = z.infer<typeof ExplainResponse>;

/** The sidebar's row link: select a contributing row in its tab. */
export const SelectRowRequest = z.object({
  source: SourceIdSchema,
  row: z.number().int().min(2),
  lineKey: z.string().nullable(),
  keys: z.record(z.string(), z.string()).nullable(),
});
export type SelectRowRequest = z.input<typeof SelectRowRequest>;

export const SelectRowResponse = z.object({
  ok: z.boolean(),
  /** The sheet row selected (it may have moved since the explanation), or null. */
  row: z.number().int().nullable(),
  tab: z.string().nullable(),
  message: z.string(),
});
export type SelectRowResponse = z.infer<typeof SelectRowResponse>;
