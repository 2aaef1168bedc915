/** The human summary of `cjet import`: Korean first, English beside it. */
import { describeRemovals } from '../core/merge/removals';
import { listRows } from '../core/messages';
import type { NormalizeResult } from '../core/model/records';
import type { ImportFinishResponse } from '../core/model/rpc';
import { FEES_TAB, FULFILLMENT_TAB, ORDERS_TAB } from '../core/model/tabs';
import { headlineLines } from '../core/summary/headline';

const won = (n: number) => n.toLocaleString('en-US');

export function formatImportSummary(
  summary: ImportFinishResponse,
  normalized: Pick<NormalizeResult, 'files' | 'problems'>,
  out: string,
): string {
  const lines: string[] = [];
  lines.push(
    summary.refused
      ? `가져오지 않음 (아무것도 쓰지 않음) / not imported (nothing written): ${out}`
      : summary.dryRun
        ? `미리보기 (아무것도 쓰지 않음) / dry run (nothing written): ${out}`
        : `가져오기 ${summary.importId} → ${out} / imported into ${out}`,
  );
  lines.push('');
  const head = [
    '탭 / tab',
    '추가 inserted',
    '수정 updated',
    '삭제 removed',
    '변경없음 unchanged',
    '거부 rejected',
    '건너뜀 skipped',
    '대체 superseded',
  ];
  const rows = [
    [`${ORDERS_TAB.ko} ${ORDERS_TAB.en}`, summary.tabs.orders],
    [`${FEES_TAB.ko} ${FEES_TAB.en}`, summary.tabs.fees],
    [`${FULFILLMENT_TAB.ko} ${FULFILLMENT_TAB.en}`, summary.tabs.fulfillment],
  ] as const;
  const widths = head.map((h) => h.length + 2);
  lines.push(head.map((h, i) => (i === 0 ? h.padEnd(32) : h.padStart(widths[i] ?? 0))).join(''));
  for (const [label, c] of rows) {
    const cells = [c.inserted, c.updated, c.removed, c.unchanged, c.rejected, c.skipped, c.superseded].map(
      (n, i) => won(n).padStart(widths[i + 1] ?? 0),
    );
    lines.push(label.padEnd(32) + cells.join(''));
  }
  lines.push('');
  lines.push(
    '검증 합계 / control totals (주문 판매액 + 풀필먼트 비용 / order gross sales + fulfillment fees; 파일 = 기록 + 대체 / file = written + superseded)',
  );
  for (const c of summary.control) {
    // ✓ only when every line of the file is in the book: a rejected, duplicate or superseded line
    // makes it "partly written", each named below, never "ok".
    const mark =
      c.status === 'ok' ? '일치 ok' : c.status === 'partial' ? '일부만 기록 PARTIAL' : '불일치 MISMATCH';
    // Superseded (v1 rows a settlement report replaces) are their own figure, never "rejected".
    const superseded =
      c.superseded > 0 ? `${won(c.amountSuperseded)} (${won(c.superseded)}행 rows)` : won(c.amountSuperseded);
    lines.push(
      `  ${c.file}: 파일 file ${won(c.amountInFile)} · 기록 written ${won(c.amountWritten)} · 대체 superseded ${superseded} · ${mark}`,
    );
    const l = c.lines;
    lines.push(
      `    행 lines: 읽음 read ${won(l.read)} = 기록 written ${won(l.written)} + 그대로 unchanged ${won(l.unchanged)} + ` +
        `거부 rejected ${won(l.rejected)} + 건너뜀 skipped ${won(l.skipped)}${l.duplicates > 0 ? ` (중복 duplicates ${won(l.duplicates)})` : ''} + ` +
        `대체 superseded ${won(l.superseded)}${c.balanced ? '' : ' ≠ 맞지 않음 DOES NOT ADD UP'}`,
    );
    const file = normalized.files.find((f) => f.file === c.file);
    if (file && file.rows_rejected > 0) {
      lines.push(
        `    가져오지 못한 행 not imported: ${listRows(file.rejected_rows ?? [])} — 이 행 때문에 지운 행 없음 / nothing removed because of them`,
      );
    }
  }
  if (summary.removals.rows > 0) {
    const verb = summary.dryRun ? '지울 행 would remove' : '지운 행 removed';
    lines.push(
      `${verb}: ${won(summary.removals.rows)}행 rows, ${won(summary.removals.amount)}원 KRW (${describeRemovals(summary.removals)})`,
    );
  }
  const v1 = summary.v1Superseded;
  if (v1.removed + v1.skipped > 0) {
    lines.push(
      `v2가 v1을 대체 / v2 supersedes v1: 삭제 removed ${won(v1.removed)}, 기록 안 함 not written ${won(v1.skipped)}`,
    );
  }
  lines.push(
    `판매자 부담 배송비 / seller-borne shipping: 주문행에 배정 attributed ${won(summary.shipping.attributedFees)}, ` +
      `주문 없음 unattributed ${won(summary.shipping.unattributedFees)}`,
  );
  lines.push(`수수료 없음 / commission missing: ${won(summary.commissionsMissing)}`);
  for (const f of normalized.files) {
    if (f.foreign_download)
      lines.push(
        `로켓그로스 리포트가 아님, 가져오지 않음 / not a Rocket Growth report, nothing imported: ${f.file} (${f.foreign_download})`,
      );
    else if (f.status === 'failed' || f.report === null)
      lines.push(
        `읽지 못함 / not read or not recognised: ${f.file} (나머지 파일은 기록됨 / the others were written)`,
      );
  }
  const errors = normalized.problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) lines.push(`문제 / problems: ${errors} (가져오기 오류 탭 / see the Import problems tab)`);
  for (const w of summary.warnings) lines.push(`경고 / warning: ${w.replace(/\n/g, ' / ')}`);
  // Ends with the month's headline (issue #11).
  const headline = headlineLines(summary.close ?? []);
  if (headline.length > 0) lines.push('', ...headline);
  return `${lines.join('\n')}\n`;
}
