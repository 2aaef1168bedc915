/**
 * The summary block above a CFS detail table (rows 3–4 in real files):
 * `정산주기(종료일) | 입출고비 합계 | 세액 | 최종비용` and its value row(s).
 * Found by content anywhere above the detail header.
 */
import type { Grid } from '../read/grid';
import { parseKrw } from '../util/money';
import { cellText, headerKey, isBlankRow } from '../util/text';

export interface SheetSummary {
  /** Excel row numbers of the value rows (for messages). */
  rows: number[];
  /** 합계 (VAT excluded for VAT-exclusive reports). */
  total: number | null;
  /** 세액. */
  vat: number | null;
  /** 최종비용 = 합계 + 세액. */
  final: number | null;
}

export function findSummary(grid: Grid, headerRow: number): SheetSummary | null {
  for (let r = 0; r < headerRow; r++) {
    const row = grid.rows[r];
    if (!row) continue;
    let totalCol = -1;
    let vatCol = -1;
    let finalCol = -1;
    row.forEach((cell, index) => {
      const key = headerKey(cell);
      if (key.includes('합계') && totalCol === -1) totalCol = index;
      else if ((key === '세액' || key === '부가세' || key === 'VAT') && vatCol === -1) vatCol = index;
      else if (key.startsWith('최종비용') && finalCol === -1) finalCol = index;
    });
    if (totalCol === -1 || (vatCol === -1 && finalCol === -1)) continue;
    const summary: SheetSummary = { rows: [], total: null, vat: null, final: null };
    for (let v = r + 1; v < headerRow; v++) {
      const values = grid.rows[v];
      if (isBlankRow(values)) {
        if (summary.rows.length > 0) break;
        continue;
      }
      const total = parseKrw(values?.[totalCol]);
      const vat = vatCol === -1 ? null : parseKrw(values?.[vatCol]);
      const final = finalCol === -1 ? null : parseKrw(values?.[finalCol]);
      // A non-numeric row ends the block (it is the next title, not a value row).
      if (!total.ok || total.value === null) break;
      summary.rows.push(grid.firstRow + v);
      summary.total = (summary.total ?? 0) + total.value;
      if (vat?.ok && vat.value !== null) summary.vat = (summary.vat ?? 0) + vat.value;
      if (final?.ok && final.value !== null) summary.final = (summary.final ?? 0) + final.value;
    }
    if (summary.rows.length > 0) return summary;
  }
  return null;
}

/** The title row text, if any (e.g. `쿠팡풀필먼트서비스(CFS) 배송비 정산 내역`), used as a hint. */
export function sheetTitle(grid: Grid, headerRow: number): string | null {
  for (let r = 0; r < headerRow; r++) {
    const text = cellText(grid.rows[r]?.[0]) ?? cellText(grid.rows[r]?.[1]);
    if (text && /CFS|풀필먼트|정산\s*내역/.test(text)) return text;
  }
  return null;
}
