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
  const raw = typeof value === 'string' ? value : String(value);
  // Fast path: most cells have no surrounding whitespace and need no regex.
  let text =
    isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1))
      ? raw.replace(/^[\s\u00a0\u3000\ufeff]+|[\s\u00a0\u3000]+$/g, '')
      : raw;
  // Korean Excel users protect IDs in CSV as ="0123": unwrap the formula-escaped text.
  if (text.charCodeAt(0) === 61 /* = */) {
    const escaped = /^="(.*)"$/.exec(text);
    if (escaped) text = escaped[1] ?? '';
  }
  return text === '' ? null : text;
}

export function isBlankRow(row: readonly unknown[] | undefined): boolean {
  if (!row) return true;
  for (const cell of row) if (cellText(cell) !== null) return false;
  return true;
}

/** Whitespace that may surround a cell (ASCII, NBSP, ideographic space, BOM). NaN (empty) is not. */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0xfeff ||
    code === 0x85 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f
  );
}
