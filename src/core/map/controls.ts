/**
 * Reconciliation: the file's own arithmetic, checked and reported as control totals.
 * Row identities (정산대상액 = …, v1 매출 = 총 매출 + 총 취소 금액) are checked on every row; the
 * control summarises them and lists the failing rows, and each failing row is a Problem too.
 */
import { listRows, makeProblem } from '../messages';
import type { RowIdentity } from '../reports/types';
import type { FileContext } from './context';
import { num, type RowValues } from './rowValues';

/** Per-row problems beyond this many are summarised by the control's own problem. */
const MAX_ROW_PROBLEMS = 200;

export class IdentityCheck {
  private expectedSum = 0;
  private actualSum = 0;
  private failing: string[] = [];
  private checked = 0;

  constructor(
    readonly identity: RowIdentity,
    private readonly context: FileContext,
  ) {}

  /**
   * @param column   the printed header of the identity's expected column (for the problem)
   * @param imported what was imported for a failing row, when it is not simply the file's values
   */
  check(
    values: RowValues,
    sheet: string,
    excelRow: number,
    column: string | null = null,
    imported?: { ko: string; en: string },
  ): void {
    const expected = num(values, this.identity.expected);
    if (expected === null) return;
    this.checked++;
    let actual = 0;
    for (const term of this.identity.terms) actual += term.sign * (num(values, term.field) ?? 0);
    this.expectedSum += expected;
    this.actualSum += actual;
    if (expected === actual) return;
    this.failing.push(`${sheet}!${excelRow}`);
    if (this.failing.length <= MAX_ROW_PROBLEMS) {
      this.context.problems.push(
        makeProblem(
          'IDENTITY_MISMATCH',
          'warning',
          { file: this.context.file, sheet, row: excelRow, column, value: String(expected) },
          {
            name: this.identity.name,
            expected,
            actual,
            diff: expected - actual,
            imported: imported?.ko,
            imported_en: imported?.en,
          },
        ),
      );
    }
  }

  finish(): void {
    // A check over no row proves nothing: no control line, never a ✓ on 0 = 0.
    if (this.checked === 0) return;
    addControl(
      this.context,
      this.identity.name,
      this.expectedSum,
      this.actualSum,
      this.failing,
      this.failing.length === 0,
    );
  }
}

/** Records a control total; a mismatch also becomes a CONTROL_MISMATCH problem naming the rows. */
export function addControl(
  context: FileContext,
  name: string,
  expected: number,
  actual: number,
  rows: readonly string[],
  ok: boolean = expected === actual,
  sheet: string | null = null,
): void {
  context.control.push(ok ? { name, expected, actual, ok } : { name, expected, actual, ok, rows: [...rows] });
  if (!ok) {
    context.problems.push(
      makeProblem(
        'CONTROL_MISMATCH',
        'warning',
        { file: context.file, sheet },
        { name, expected, actual, diff: expected - actual, rows: listRows(rows) },
      ),
    );
  }
}
