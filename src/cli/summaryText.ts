/** The human-readable (Korean first, English after) summary of `cjet normalize` without --json. */
import type { FileSummary, NormalizeResult, Problem } from '../core/model/records';
import { foreignDeclarationFor } from '../core/reports/foreign';
import { declarationFor } from '../core/reports/registry';

const MAX_PROBLEMS_PER_FILE = 30;

const won = (value: number) => value.toLocaleString('en-US');

function reportLabel(summary: FileSummary): string {
  const foreign = summary.foreign_download ? foreignDeclarationFor(summary.foreign_download) : undefined;
  if (foreign)
    return `${foreign.labelKo} (${foreign.code}) — 로켓그로스 리포트 아님 / ${foreign.labelEn}, not a Rocket Growth report`;
  if (!summary.report) return '인식 못 함 / not recognised';
  const declaration = declarationFor(summary.report);
  return declaration ? `${declaration.labelKo} (${summary.report}) / ${declaration.labelEn}` : summary.report;
}

const MARK: Record<Problem['severity'], string> = {
  error: '✗ 오류/error',
  warning: '⚠ 경고/warning',
  info: 'ℹ 정보/info',
};

export function formatSummary(result: NormalizeResult): string {
  const out: string[] = [];
  for (const file of result.files) {
    const status = file.status === 'imported' ? '가져옴 / imported' : '가져오지 못함 / failed';
    out.push(`■ ${file.file}`);
    const vendor = file.vendor_id ? ` · 업체코드/vendor ${file.vendor_id}` : '';
    out.push(
      `  리포트/report: ${reportLabel(file)} · 매핑/mapping ${file.mapping_version ?? '-'}${vendor} · ${status}`,
    );
    if (file.period_start || file.period_end) {
      out.push(`  기간/period: ${file.period_start ?? '?'} ~ ${file.period_end ?? '?'}`);
    }
    out.push(
      `  행/rows: 읽음/read ${file.rows_read} · 가져옴/accepted ${file.rows_accepted} · 거부/rejected ${file.rows_rejected} · 건너뜀/skipped ${file.rows_skipped}`,
    );
    for (const control of file.control) {
      const mark = control.ok ? '✓' : '✗';
      const rows =
        control.ok || !control.rows?.length
          ? ''
          : ` — 행/rows ${control.rows.slice(0, 5).join(', ')}${control.rows.length > 5 ? ' …' : ''}`;
      out.push(
        `  검증/control ${mark} ${control.name}: 파일/file ${won(control.expected)} · 계산/computed ${won(control.actual)}${rows}`,
      );
    }
    const problems = result.problems.filter((p) => p.file === file.file);
    const shown = problems
      .filter((p) => p.severity !== 'info')
      .concat(problems.filter((p) => p.severity === 'info'));
    for (const problem of shown.slice(0, MAX_PROBLEMS_PER_FILE)) {
      out.push(`  ${MARK[problem.severity]} [${problem.code}] ${problem.message}`);
    }
    if (shown.length > MAX_PROBLEMS_PER_FILE) {
      out.push(
        `  … 문제 ${shown.length - MAX_PROBLEMS_PER_FILE}건 더 (--json으로 전체 보기) / … ${shown.length - MAX_PROBLEMS_PER_FILE} more problems (see --json)`,
      );
    }
    out.push('');
  }
  const count = (severity: Problem['severity']) =>
    result.problems.filter((p) => p.severity === severity).length;
  const shipping = result.orders.reduce((sum, o) => sum + o.seller_borne_shipping, 0);
  out.push(
    `합계/total: 주문/orders ${result.orders.length}행 · 수수료/fees ${result.fees.length}행 · 풀필먼트/fulfillment ${result.fulfillment.length}행 · 판매자 부담 배송비/seller-borne shipping ${won(shipping)}원`,
  );
  out.push(
    `문제/problems: 오류/errors ${count('error')} · 경고/warnings ${count('warning')} · 정보/info ${count('info')}`,
  );
  return `${out.join('\n')}\n`;
}
