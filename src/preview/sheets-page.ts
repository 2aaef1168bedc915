/** /sheets: the emulated spreadsheet's tabs as plain HTML tables (no scripts from anywhere else). */
export type SheetsSnapshot = Record<string, unknown[][]>;

const MAX_ROWS_SHOWN = 500;

function esc(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cellClass(value: unknown): string {
  if (typeof value === 'number') return ' class="n"';
  if (typeof value === 'boolean') return ' class="b"';
  return '';
}

export function sheetsPage(sheets: SheetsSnapshot): string {
  const names = Object.keys(sheets);
  const nav = names
    .map((name, i) => `<a href="#t${i}">${esc(name)} (${Math.max(0, (sheets[name]?.length ?? 1) - 1)})</a>`)
    .join(' ');
  const tables = names
    .map((name, i) => {
      const rows = sheets[name] ?? [];
      const [header = [], ...body] = rows;
      const shown = body.slice(0, MAX_ROWS_SHOWN);
      const more =
        body.length > shown.length
          ? `<p class="more">… ${body.length - shown.length}행 더 있음 (${body.length - shown.length} more rows; see /api/sheets)</p>`
          : '';
      return `<section id="t${i}"><h2>${esc(name)} <small>${body.length}행 (rows)</small></h2>
<div class="scroll"><table><thead><tr><th>#</th>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${shown
        .map(
          (row, r) =>
            `<tr><td class="rn">${r + 2}</td>${row.map((v) => `<td${cellClass(v)}>${esc(v)}</td>`).join('')}</tr>`,
        )
        .join('\n')}</tbody></table></div>${more}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>에뮬레이트된 시트 (emulated sheets)</title>
<style>
body { font: 13px/1.4 system-ui, 'Noto Sans CJK KR', sans-serif; margin: 16px; color: #1f2328; }
nav a { margin-right: 10px; }
h1 { font-size: 18px; } h2 { font-size: 15px; margin: 20px 0 6px; } small { color: #59636e; font-weight: normal; }
.scroll { overflow: auto; max-height: 70vh; border: 1px solid #d0d7de; }
table { border-collapse: collapse; }
th, td { border: 1px solid #e1e4e8; padding: 2px 6px; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f6f8fa; }
td.n { text-align: right; font-variant-numeric: tabular-nums; } td.b { color: #1a7f37; }
td.rn { color: #8c959f; background: #f6f8fa; }
.more { color: #59636e; }
</style></head>
<body>
<h1>에뮬레이트된 스프레드시트 (emulated spreadsheet)</h1>
<p><a href="/">← 가져오기 대화상자 (import dialog)</a> ·
<button type="button" id="reset">처음부터 (reset the spreadsheet)</button></p>
<nav>${nav}</nav>
${tables || '<p>탭이 없습니다 (no tabs).</p>'}
<script>
document.getElementById('reset').addEventListener('click', function () {
  fetch('/api/reset', { method: 'POST' }).then(function () { location.reload(); });
});
</script>
</body></html>`;
}
