/**
 * The ONE place that parses money and other numbers out of cells.
 * Coupang settlement files hold numbers; 판매분석 files and re-saved CSVs hold text such as
 * `"285,900"`, `1,000원`, `₩1,000`, `(1,000)` (accounting negative) or `-` (zero).
 */
import { cellText } from './text';

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string };

const MINUS = /^[-\u2212\u2013]/;

/**
 * Text → finite number after stripping thousands separators, currency marks and spaces.
 * Ambiguous text is refused rather than guessed (null): two signs (`(-1,000)`, `--500`), and for
 * money a dot followed by exactly three digits (`1.000` is one thousand where the dot groups
 * thousands, one where it is a decimal point; KRW has no fractions to tell them apart).
 */
function looseNumber(raw: string, allowPercent: boolean, money: boolean): number | null {
  let text = raw.replace(/[,\s\u00a0원₩￦]/g, '');
  if (allowPercent) text = text.replace(/%$/, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1] ?? '';
  }
  if (MINUS.test(text) || text.startsWith('+')) {
    // An accounting negative holds no sign of its own; a signed number holds one sign.
    if (paren) return null;
    negative = MINUS.test(text);
    text = text.slice(1);
  }
  if (!/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  if (money && /\.\d{3}(?!\d)/.test(text)) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

/** A lone dash (or an accounting dash) means zero in Coupang and Excel exports. */
function isDash(text: string): boolean {
  return /^[-\u2212\u2013]$/.test(text.replace(/\s/g, ''));
}

/** Integer KRW. Blank → null, `-` → 0; fractions, ambiguous text (`1.000`, `(-1,000)`, `--500`) or
 *  other text are rejected (BAD_MONEY). */
export function parseKrw(cell: unknown): Parsed<number> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { ok: false, reason: 'not a number' };
    const rounded = Math.round(cell);
    // Excel arithmetic leaves float dust (1000.0000000002); real fractions are an error.
    if (Math.abs(cell - rounded) > 1e-6) return { ok: false, reason: 'not an integer' };
    return { ok: true, value: rounded === 0 ? 0 : rounded };
  }
  const text = cellText(cell);
  if (text === null) return { ok: true, value: null };
  if (isDash(text)) return { ok: true, value: 0 };
  const value = looseNumber(text, false, true);
  if (value === null) return { ok: false, reason: 'not a number' };
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > 1e-6) return { ok: false, reason: 'not an integer' };
  return { ok: true, value: rounded === 0 ? 0 : rounded };
}

/** Signed integer count (quantities). Same rules as money. */
export const parseCount = parseKrw;

/** A percentage as printed: `10.8` or `7.55%` → 7.55. Blank → null, `-` → 0. */
export function parseRate(cell: unknown): Parsed<number> {
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? { ok: true, value: cell } : { ok: false, reason: 'not a number' };
  const text = cellText(cell);
  if (text === null) return { ok: true, value: null };
  if (isDash(text)) return { ok: true, value: 0 };
  const value = looseNumber(text, true, false);
  return value === null ? { ok: false, reason: 'not a number' } : { ok: true, value: roundRate(value) };
}

/** Text → float conversion of "7.55" is exact enough, but keep 10 significant digits to shed dust. */
function roundRate(value: number): number {
  return Number(value.toPrecision(10));
}
