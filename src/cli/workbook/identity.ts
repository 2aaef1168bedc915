/**
 * Which sheet is which managed tab, whatever the user renamed it to and whichever program saved it.
 *
 * 1. Header signature: a sheet whose row 1 names the tab's columns, in either language, current or
 *    former labels, current or older schema version (matchHeader). One such sheet → that is the tab.
 *    Two or more → refusal: cjet cannot know which one holds the rows (a copied sheet), and writing
 *    either would leave the other one double.
 * 2. No sheet has the header: the marker — the defined name `cjet_<tab>`, which the import rewrites
 *    every time — or the tab's label names a sheet. That sheet is the tab with a damaged header, and
 *    the import refuses to write it (ensureTab → false) instead of creating a second copy.
 *    Excel and LibreOffice keep the marker on the sheet through a rename; exceljs leaves it on the
 *    old name, which is why the header, not the marker, decides first.
 * 3. Neither: the tab does not exist yet.
 */
import type { Lang } from '../../core/model/rpc';
import { matchHeader, type TabDef, type TabId } from '../../core/model/tabs';
import { ambiguousTab } from './errors';

export interface SheetHeader {
  name: string;
  header: readonly unknown[];
}

export const markerName = (id: TabId) => `cjet_${id}`;

/** The sheet a workbook-level reference points at (`'주문 (2)'!$A$1:…` → `주문 (2)`). */
export function sheetOfReference(ref: string): string | null {
  const quoted = /^'((?:[^']|'')+)'!/.exec(ref);
  if (quoted) return (quoted[1] ?? '').replace(/''/g, "'");
  const plain = /^([^!'[\]]+)!/.exec(ref);
  return plain ? (plain[1] ?? null) : null;
}

/** Tab → sheet name, for the tabs the workbook has. Throws a WorkbookError on ambiguity. */
export function locateTabs(
  tabs: readonly TabDef[],
  sheets: readonly SheetHeader[],
  markers: ReadonlyMap<string, string>,
  lang: Lang,
): Map<TabId, string> {
  const found = new Map<TabId, string>();
  const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const tab of tabs) {
    const claims = sheets.filter((s) => matchHeader(tab, s.header, lang).status !== 'mismatch');
    if (claims.length > 1)
      throw ambiguousTab(
        tab.ko,
        tab.en,
        claims.map((s) => s.name),
      );
    if (claims[0]) found.set(tab.id, claims[0].name);
  }
  // A sheet another tab's header claims is that tab's, whatever its name says.
  const claimed = new Set(found.values());
  for (const tab of tabs) {
    if (found.has(tab.id)) continue;
    const free = sheets.filter((s) => !claimed.has(s.name));
    const marked = markers.get(markerName(tab.id).toLowerCase());
    const byMarker = marked ? free.find((s) => sameName(s.name, marked)) : undefined;
    const byLabel = free.find((s) => sameName(s.name, tab.ko) || sameName(s.name, tab.en));
    const sheet = byMarker ?? byLabel;
    if (sheet) found.set(tab.id, sheet.name);
  }
  return found;
}
