/** Cell → text helpers shared by every parser. */

/** Headers are compared after removing ALL whitespace (Coupang mixes `판매 수량(B)` and `판매수량(B)`,
 *  `판매수수료 VAT` and `판매수수료VAT`), including NBSP and full-width spaces Excel users paste in. */
export function headerKey(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/[\s\u00a0\u3000\ufeff]+/g, '')
    .toUpperCase();
}

/** A cell as trimmed text, or null when blank. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  let text = String(value).replace(/^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000]+$/g, '');
  // Korean Excel users protect IDs in CSV as ="0123": unwrap the formula-escaped text.
  const escaped = /^="(.*)"$/.exec(text);
  if (escaped) text = escaped[1] ?? '';
  return text === '' ? null : text;
}

export function isBlankRow(row: readonly unknown[] | undefined): boolean {
  if (!row) return true;
  for (const cell of row) if (cellText(cell) !== null) return false;
  return true;
}
