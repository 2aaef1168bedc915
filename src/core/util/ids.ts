/**
 * IDs are kept as exact strings. Readers turn numeric cells into floats (`95521944483.0`) and
 * Excel-resaved CSVs may hold `9.5521944483E+10`; Sheets loses digits past 15.
 */
import type { Parsed } from './money';
import { cellText } from './text';

/** Beyond 2^53 a float no longer holds every integer: the digits may already be wrong. */
const MAX_EXACT = 2 ** 53;

export function parseId(cell: unknown): Parsed<string> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || !Number.isInteger(cell)) return { ok: false, reason: 'not an integer ID' };
    if (Math.abs(cell) >= MAX_EXACT) return { ok: false, reason: 'too many digits to be exact' };
    return { ok: true, value: cell.toFixed(0) };
  }
  const text = cellText(cell);
  if (text === null) return { ok: true, value: null };
  // `-` is how 반출 배송 서비스비 writes "no product".
  if (/^[-\u2212]$/.test(text)) return { ok: true, value: null };
  // Thousands separators from an Excel-formatted number re-saved as CSV: 95,521,944,483.
  if (/^\d{1,3}(,\d{3})+(\.0+)?$/.test(text)) return parseId(text.replace(/,/g, ''));
  const float = /^(\d+)\.0+$/.exec(text);
  if (!float && !/^\d+$/.test(text) && !/^\d(?:\.\d+)?[eE]\+?\d+$/.test(text)) {
    return { ok: false, reason: 'not digits' };
  }
  if (float) return { ok: true, value: float[1] ?? text };
  const sci = /^(\d)(?:\.(\d+))?[eE]\+?(\d+)$/.exec(text);
  if (sci) {
    const digits = (sci[1] ?? '') + (sci[2] ?? '');
    const exponent = Number(sci[3]);
    // Exact only when every digit is printed (e.g. 9.5521944483E+10); otherwise Excel rounded it.
    if (digits.length - 1 > exponent) return { ok: false, reason: 'not an integer ID' };
    if (digits.length - 1 < exponent) return { ok: false, reason: 'digits lost in scientific notation' };
    return { ok: true, value: digits };
  }
  return { ok: true, value: text };
}

/**
 * A cell listing IDs separated by commas (반출 배송 서비스비 `대표 등록상품 ID`): `77,77` → `77` (the
 * same product twice), `77,88` → `77,88`, `-` → null. Each part must be an exact ID; the distinct IDs
 * are kept in the order printed. Always split on commas: `77,777` is two IDs here, not 77,777.
 */
export function parseIdList(cell: unknown): Parsed<string> {
  if (typeof cell === 'number') return parseId(cell);
  const text = cellText(cell);
  if (text === null || /^[-\u2212]$/.test(text)) return { ok: true, value: null };
  const ids: string[] = [];
  for (const part of text.split(',')) {
    const parsed = parseId(part);
    if (!parsed.ok) return parsed;
    if (parsed.value !== null && !ids.includes(parsed.value)) ids.push(parsed.value);
  }
  return { ok: true, value: ids.length > 0 ? ids.join(',') : null };
}

/** Free-form references (반출ID, 송장번호 …): text as printed, `-` meaning none. */
export function parseCode(cell: unknown): Parsed<string> {
  const parsed = parseId(cell);
  if (parsed.ok) return parsed;
  return { ok: true, value: cellText(cell) };
}
