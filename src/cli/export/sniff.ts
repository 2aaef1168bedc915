/** Is an input a cjet workbook (rather than a Coupang download)? */
import * as XLSX from '@e965/xlsx';
import { ALL_TABS } from '../../core/model/tabs';

const MANAGED_NAME = new RegExp(`^cjet_(${ALL_TABS.map((t) => t.id).join('|')})$`);
const TAB_LABELS = new Set(ALL_TABS.flatMap((t) => [t.ko, t.en]));

/**
 * A workbook both adapters wrote has the defined names `cjet_<tab>` (they follow a renamed tab) and
 * sheets named like the tabs; no Coupang download has either. Only the workbook part is parsed
 * (`sheets` names none), so a 50 MB download costs a few milliseconds here.
 */
export function isCjetWorkbook(name: string, bytes: Uint8Array): boolean {
  if (!/\.xls[xm]$/i.test(name)) return false;
  try {
    const book = XLSX.read(bytes, { type: 'array', sheets: '\u0000 cjet: no sheet' });
    if (book.Workbook?.Names?.some((n) => MANAGED_NAME.test(n.Name))) return true;
    return book.SheetNames.some((sheet) => TAB_LABELS.has(sheet));
  } catch {
    return false;
  }
}
