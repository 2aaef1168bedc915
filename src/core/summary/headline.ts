/**
 * The month's headline that ends an import summary (dialog and command line): 공급대가, 세액,
 * 판매수수료, CFS, 지급 예정액 of each month the import touched, each with ✓/✗ — ✓ when every 검증 of
 * the summary rows that make the figure up holds. Confirmed (v2) figures only; v1 estimates are
 * shown apart (accounting.md: never summed together).
 */
import { z } from 'zod';

const Figure = z.object({ amount: z.number().int(), ok: z.boolean() });
export type Figure = z.infer<typeof Figure>;

export const MonthHeadline = z.object({
  /** `YYYY-MM` */
  month: z.string(),
  supplyTotal: Figure,
  vat: Figure,
  /** 판매수수료 공급가액 + 세액 (what Coupang charged). */
  commission: Figure,
  /** CFS 공급가액 + 세액. */
  cfs: Figure,
  /** Σ 지급 예정액 of the settlement lines ending in the month. */
  payout: Figure,
  /** 공급대가 of the month's v1 (판매분석) rows, or null when there are none. */
  estimatedSupplyTotal: z.number().int().nullable(),
});
export type MonthHeadline = z.infer<typeof MonthHeadline>;

const won = (n: number) => n.toLocaleString('en-US');
const mark = (f: Figure) => (f.ok ? '✓' : '✗');

/** Lines for the command line's summary, Korean first. */
export function headlineLines(headlines: readonly MonthHeadline[]): string[] {
  if (headlines.length === 0) return [];
  const lines = ['월마감 / month close (월마감 탭 / see the Monthly close tab; ✓ 검증 일치 / checks hold)'];
  for (const h of headlines) {
    lines.push(
      `  ${h.month}: 공급대가 supply total ${won(h.supplyTotal.amount)} ${mark(h.supplyTotal)} · ` +
        `세액 VAT ${won(h.vat.amount)} ${mark(h.vat)} · ` +
        `판매수수료 commission ${won(h.commission.amount)} ${mark(h.commission)} · ` +
        `CFS ${won(h.cfs.amount)} ${mark(h.cfs)} · ` +
        `지급 예정액 expected payout ${won(h.payout.amount)} ${mark(h.payout)}`,
    );
    if (h.estimatedSupplyTotal !== null)
      lines.push(
        `    추정(판매분석 v1, 따로 표시) / estimated (v1, shown apart): 공급대가 supply total ${won(h.estimatedSupplyTotal)}`,
      );
  }
  return lines;
}

/** `YYYY-MM` of the dates given, sorted, most recent `max`. */
export function monthsOf(dates: readonly (string | null | undefined)[], max = 12): string[] {
  const months = new Set<string>();
  for (const d of dates) if (typeof d === 'string' && /^\d{4}-\d{2}/.test(d)) months.add(d.slice(0, 7));
  return [...months].sort().slice(-max);
}
