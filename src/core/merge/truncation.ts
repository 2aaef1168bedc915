/** Step of the plan: text longer than a cell holds is cut (cells.ts), and each cut cell is reported. */
import { makeProblem } from '../messages';
import type { Lang } from '../model/rpc';
import { headerRow, type TabDef } from '../model/tabs';
import { type Cell, truncateLongText } from './cells';
import type { AnyRecord } from './table';

export function truncateCells(
  record: AnyRecord,
  tab: TabDef,
  row: Cell[],
  maxCellChars: number,
  lang: Lang,
): ReturnType<typeof makeProblem>[] {
  const labels = headerRow(tab, lang);
  return truncateLongText(row, maxCellChars).map((column) =>
    makeProblem(
      'CELL_TRUNCATED',
      'warning',
      {
        file: record.source_file,
        sheet: record.source_sheet,
        row: record.source_row,
        column: labels[column] ?? '',
      },
      { limit: maxCellChars },
    ),
  );
}
