/**
 * Canonical cells: what the merge engine compares and what the adapters translate to and from
 * their storage. Both adapters read a tab into this form and write it back from it, which is what
 * makes "re-importing the same file changes nothing" hold on Sheets and on .xlsx alike.
 *
 *   id / text   string (never a number: an ID typed as a number by the user is read as its digits)
 *   money / int / rate   number
 *   bool        boolean
 *   date        'YYYY-MM-DD' string (adapters store real dates)
 *   datetime    'YYYY-MM-DD HH:MM:SS' string, KST wall time (adapters store real date-times)
 *   blank       null
 */
import type { ColumnDef, TabDef } from '../model/tabs';
import { isoDateTimeToSerial, serialToIso, serialToIsoDateTime } from '../util/dates';

export type Cell = string | number | boolean | null;

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A raw value an adapter read (dates already turned into ISO strings or serials) → canonical. */
export function canonicalCell(col: ColumnDef, raw: unknown): Cell {
  if (raw === null || raw === undefined || raw === '') return null;
  const type = col.type === 'formula' ? (col.yields ?? 'text') : col.type;
  switch (type) {
    case 'id':
    case 'text':
      if (typeof raw === 'number') return Number.isInteger(raw) ? raw.toFixed(0) : String(raw);
      if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
      return String(raw);
    case 'money':
    case 'int':
    case 'rate': {
      if (typeof raw === 'number') return raw;
      const n = Number(String(raw).replace(/,/g, ''));
      return Number.isFinite(n) && String(raw).trim() !== '' ? n : String(raw);
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (/^true$/i.test(String(raw))) return true;
      if (/^false$/i.test(String(raw))) return false;
      return String(raw);
    case 'date':
      if (typeof raw === 'number') return serialToIso(raw) ?? String(raw);
      if (typeof raw === 'string' && ISO.test(raw.trim())) return raw.trim();
      return String(raw);
    case 'datetime': {
      if (typeof raw === 'number') return serialToIsoDateTime(raw) ?? String(raw);
      const serial = typeof raw === 'string' ? isoDateTimeToSerial(raw) : null;
      return serial === null ? String(raw) : serialToIsoDateTime(serial);
    }
    default:
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? raw
        : String(raw);
  }
}

export function cellsEqual(a: Cell, b: Cell): boolean {
  if (a === b) return true;
  if ((a === null || a === '') && (b === null || b === '')) return true;
  return false;
}

/** Columns whose difference makes a row "updated" (not lineage, derived, formula or user-owned). */
export function compareColumns(tab: TabDef): number[] {
  const indexes: number[] = [];
  tab.columns.forEach((col, i) => {
    if (!col.ignoreInCompare && !col.userOwned && col.type !== 'formula') indexes.push(i);
  });
  return indexes;
}

/** A record → its managed cells in column order. Missing fields are blank. */
export function recordToRow(tab: TabDef, record: Readonly<Record<string, unknown>>): Cell[] {
  return tab.columns.map((col) => {
    const value = record[col.key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    return String(value);
  });
}

export const TRUNCATION_MARKER = '…[잘림 truncated]';

/** Cuts text over `maxChars` (Sheets: 50,000; Excel: 32,767), marking the cut. Returns how many
 *  cells were cut with the column index of each, so the caller can add a problem row. */
export function truncateLongText(row: Cell[], maxChars: number): number[] {
  const cut: number[] = [];
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (typeof value === 'string' && value.length > maxChars) {
      row[i] = value.slice(0, maxChars - TRUNCATION_MARKER.length) + TRUNCATION_MARKER;
      cut.push(i);
    }
  }
  return cut;
}
