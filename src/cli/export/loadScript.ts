/**
 * `load.sh`: loads an export folder into BigQuery with the `bq` command-line tool.
 *   1. the dataset (created when missing) and every table: CREATE TABLE IF NOT EXISTS, partitioned by
 *      month of period_end and clustered by vendor_id, option_id; columns added since are added;
 *   2. each NDJSON file into a staging table (`bq load`), each table's scopes into a scope table;
 *   3. per table, one multi-statement transaction: delete the scopes this export replaces, insert
 *      the staging rows. Run it twice and nothing changes;
 *   4. the staging tables are dropped;
 *   5. the views (views.ts: v_month_close, v_tax_invoices, v_payouts, v_option_profit and the two they
 *      read) are created or replaced — the text of views.sql.
 * The SQL is the text of sql.ts and views.ts with the dataset from CJET_BQ_DATASET.
 */

import { ddl, dropStaging, type LoadShape, replaceTransaction, scopeTable, stagingTable } from './sql';
import type { ExportColumn, TableSpec } from './tables';

export interface LoadTable {
  spec: TableSpec;
  /** Data files relative to the export folder, in load order. */
  files: string[];
  /** The scope file (relative), when the table has scopes. */
  scopeFile: string | null;
  scopeColumns: readonly ExportColumn[];
  shape: LoadShape;
}

/** Placeholder the SQL is generated with; the script puts `${DS}` in its place. */
export const DATASET = '__CJET_DATASET__';

/** Text inside an unquoted heredoc: only \ $ and ` are special there. */
function heredocText(text: string): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion
  return text.replace(/[\\$`]/g, (ch) => `\\${ch}`).replaceAll(DATASET, '${DS}');
}

function sqlBlock(sql: string): string {
  return `run_sql "$(cat <<SQL\n${heredocText(sql)}\nSQL\n)"`;
}

function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export const LOAD_USAGE = `사용법 / usage:
  CJET_BQ_PROJECT=프로젝트ID CJET_BQ_DATASET=데이터세트 [CJET_BQ_LOCATION=asia-northeast3] bash load.sh

  이 폴더(cjet export 결과)를 BigQuery에 올립니다. bq 명령(Google Cloud SDK)이 필요하고,
  gcloud auth login 으로 로그인한 계정이 데이터세트에 쓸 수 있어야 합니다. 다시 실행해도 결과는 같고,
  이 내보내기가 담은 범위(업체코드 + 원본 리포트 + 기간 종료)의 행만 바뀝니다.
  Loads this folder (written by cjet export) into BigQuery with the bq tool (Google Cloud SDK),
  as the account of gcloud auth login. Running it again changes nothing; only the scopes this
  export holds (vendor ID + source report + period end) are replaced.

  CJET_BQ_PROJECT   Google Cloud 프로젝트 ID / project ID (required)
  CJET_BQ_DATASET   데이터세트 이름: 영문자·숫자·_ / dataset name: letters, digits, _ (required;
                    없으면 만듭니다 / created when missing)
  CJET_BQ_LOCATION  새 데이터세트의 위치 / location of a new dataset (default asia-northeast3, 서울 Seoul)
`;

export function loadScript(tables: readonly LoadTable[], header: string, views: readonly string[]): string {
  const lines: string[] = [];
  const out = (text = '') => lines.push(text);
  out('#!/usr/bin/env bash');
  for (const line of header.split('\n')) out(`# ${line}`.trimEnd());
  out('set -euo pipefail');
  out();
  out('usage() {');
  out("  cat <<'USAGE'");
  out(LOAD_USAGE.trimEnd());
  out('USAGE');
  out('}');
  out();
  // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion
  out('case "${1:-}" in');
  out('  -h | --help) usage; exit 0 ;;');
  out("  '') ;;");
  out('  *) usage >&2; exit 2 ;;');
  out('esac');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion
  out('if [[ -z "${CJET_BQ_PROJECT:-}" || -z "${CJET_BQ_DATASET:-}" ]]; then');
  out(
    '  echo "CJET_BQ_PROJECT 와 CJET_BQ_DATASET 를 지정하세요 / set CJET_BQ_PROJECT and CJET_BQ_DATASET" >&2',
  );
  out('  usage >&2');
  out('  exit 2');
  out('fi');
  out('DS="$CJET_BQ_DATASET"');
  out('if [[ ! "$DS" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then');
  out(
    '  echo "데이터세트 이름은 영문자·숫자·_ 만, 숫자로 시작하지 않게: $DS / dataset names are letters, digits and _, not starting with a digit: $DS" >&2',
  );
  out('  exit 2');
  out('fi');
  out('cd "$(dirname "$0")"');
  out();
  out('bq_() {');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion
  out('  if [[ -n "${CJET_BQ_LOCATION:-}" ]]; then');
  out('    bq --project_id="$CJET_BQ_PROJECT" --location="$CJET_BQ_LOCATION" "$@"');
  out('  else');
  out('    bq --project_id="$CJET_BQ_PROJECT" "$@"');
  out('  fi');
  out('}');
  out('run_sql() { bq_ --format=none query --use_legacy_sql=false "$1"; }');
  out('load_ndjson() { bq_ load --source_format=NEWLINE_DELIMITED_JSON "$@"; }');
  out();
  out('echo "1/5 데이터세트와 테이블 / dataset and tables: $CJET_BQ_PROJECT:$DS"');
  out('if ! bq_ show --dataset "$CJET_BQ_PROJECT:$DS" >/dev/null 2>&1; then');
  out(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion
    '  bq --project_id="$CJET_BQ_PROJECT" --location="${CJET_BQ_LOCATION:-asia-northeast3}" mk --dataset "$CJET_BQ_PROJECT:$DS"',
  );
  out('fi');
  out(sqlBlock(tables.flatMap((t) => ddl(t.spec, DATASET, 'bigquery').map((s) => `${s};`)).join('\n')));
  out();
  out('echo "2/5 임시 테이블에 올리기 / loading staging tables"');
  for (const table of tables) {
    table.files.forEach((file, i) => {
      const replace = i === 0 ? '--replace ' : '';
      out(
        `load_ndjson ${replace}"\${DS}.${stagingTable(table.spec)}" ${quoted(file)} ${quoted(`schema/${table.spec.name}.json`)}`,
      );
    });
    if (table.scopeFile) {
      const schema = table.scopeColumns.map((c) => `${c.name}:${c.type}`).join(',');
      out(`load_ndjson --replace "\${DS}.${scopeTable(table.spec)}" ${quoted(table.scopeFile)} ${schema}`);
    }
  }
  out();
  out('echo "3/5 범위 교체 / replacing scopes"');
  for (const table of tables) {
    if (table.shape.rows === 0 && table.shape.scopes === 0) continue;
    out(`echo "  ${table.spec.name}: ${table.shape.rows} 행 rows, ${table.shape.scopes} 범위 scopes"`);
    out(sqlBlock(replaceTransaction(table.spec, DATASET, table.shape)));
  }
  out();
  out('echo "4/5 임시 테이블 지우기 / dropping staging tables"');
  out(
    sqlBlock(
      dropStaging(
        tables.map((t) => t.spec),
        DATASET,
      ),
    ),
  );
  out();
  out('echo "5/5 보기(월마감·세금계산서 대사·정산 지급·옵션별 손익) / views"');
  out(sqlBlock(views.map((v) => `${v};`).join('\n\n')));
  out('echo "완료 / done"');
  return `${lines.join('\n')}\n`;
}
