/**
 * What may stand in a SUMIFS / COUNTIFS criterion. Criteria functions read `* ? ~` as wildcards, a
 * leading `< > =` as an operator, and text that looks like a number, a date or a boolean as that
 * number (src/core/merge/commission.ts tells why free text is dangerous there). A summary key taken
 * from the data (과세유형, 정산유형, 세금계산서 발행월) is used as a criterion only when it is plain:
 * anything else is reported and its rows are left out, so the 합계 row's check shows them (✗).
 *
 * `YYYY-MM` (the tax-invoice month) is the one date-like form allowed: measured in HyperFormula 3.5
 * and LibreOffice 7.4, `SUMIFS(…, range, "2025-01")` matches the text cells `2025-01` and nothing
 * else (not the date 2025-01-01, not `2025-010`); test/summary/engines.test.ts keeps it proven.
 */

const INVOICE_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isInvoiceMonth(text: string): boolean {
  return INVOICE_MONTH.test(text);
}

/**
 * A canonical digit ID (옵션ID `12345678901`): no leading zero, at most 15 digits. Criteria functions
 * read it as the number it spells and match cells holding that number or text that parses to it:
 * measured in HyperFormula 3.5 (which also matches the text `1.2345678901E10`, and `0123` against
 * `123`) and LibreOffice 7.4 (text cells only as text). Among canonical digit IDs — all the IDs
 * Coupang writes — distinct IDs are distinct numbers below 2⁵³, so each matches only itself; a
 * non-canonical one (`0123`) is never used as a criterion (reported, its rows left out).
 */
export function isDigitId(text: string): boolean {
  return /^[1-9]\d{0,14}$/.test(text);
}

/** True when `text` is compared as itself, and only with itself (ignoring case), by every engine. */
export function isPlainCriterionText(text: string): boolean {
  if (text === '' || text.trim() !== text) return false;
  if (isInvoiceMonth(text)) return true;
  if (/[*?~"]/.test(text)) return false;
  if (/^[<>=]/.test(text)) return false;
  if (/^(true|false)$/i.test(text)) return false;
  // Numbers, percentages, currency and dates are parsed by criteria functions.
  if (/^[\s+\-−]*[\d.,₩$]/.test(text) && /\d/.test(text)) return false;
  if (/^\d{1,4}\s*[-/.]\s*\d{1,2}/.test(text)) return false;
  return true;
}

/** A constant of our own as a formula string literal. */
export function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
