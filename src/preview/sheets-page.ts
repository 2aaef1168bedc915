/**
 * /sheets: the emulated spreadsheet's tabs as plain HTML tables (no scripts from anywhere else).
 * A click on a cell selects it in the emulated spreadsheet (POST /api/select), as a click in Sheets
 * does; 이 숫자 설명 opens the real sidebar (/sidebar, dist/sidebar.html) beside the tables, as the menu
 * item opens it in Sheets; a row link in it selects that row, which this page then shows.
 */
import { columnLetter } from '../core/model/tabs';
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
      return `<section id="t${i}" data-sheet="${esc(name)}"><h2>${esc(name)} <small>${body.length}행 (rows)</small></h2>
<div class="scroll"><table><thead><tr><th>#</th>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${shown
        .map(
          (row, r) =>
            `<tr data-row="${r + 2}"><td class="rn">${r + 2}</td>${row
              .map((v, c) => `<td${cellClass(v)} data-a1="${columnLetter(c + 1)}${r + 2}">${esc(v)}</td>`)
              .join('')}</tr>`,
        )
        .join('\n')}</tbody></table></div>${more}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>에뮬레이트된 시트 (emulated sheets)</title>
<style>
body { font: 13px/1.4 system-ui, 'Noto Sans CJK KR', sans-serif; margin: 0; color: #1f2328; display: flex; height: 100vh; }
#tabs { flex: 1; overflow: auto; padding: 16px; min-width: 0; }
#side { flex: none; width: 320px; border-left: 1px solid #d0d7de; display: none; }
#side.open { display: block; }
#side iframe { width: 100%; height: 100%; border: 0; }
td[data-a1] { cursor: cell; }
td.selected { outline: 2px solid #1a73e8; outline-offset: -2px; }
tr.picked td { background: #e8f0fe; }
#selection { color: #59636e; margin-left: 8px; }
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
<div id="tabs">
<h1>에뮬레이트된 스프레드시트 (emulated spreadsheet)</h1>
<p><a href="/">← 가져오기 대화상자 (import dialog)</a> ·
<button type="button" id="reset">처음부터 (reset the spreadsheet)</button> ·
<button type="button" id="explain" data-testid="explain-open" title="칸을 누른 뒤 / click a cell first">이 숫자 설명 (explain this number)</button>
<span id="selection" data-testid="selection"></span></p>
<nav>${nav}</nav>
${tables || '<p>탭이 없습니다 (no tabs).</p>'}
</div>
<aside id="side" data-testid="sidebar-panel"></aside>
<script>
(function () {
  'use strict';
  document.getElementById('reset').addEventListener('click', function () {
    fetch('/api/reset', { method: 'POST' }).then(function () { location.reload(); });
  });
  var status = document.getElementById('selection');
  function sectionOf(sheet) {
    return Array.prototype.find.call(document.querySelectorAll('section[data-sheet]'), function (s) {
      return s.getAttribute('data-sheet') === sheet;
    });
  }
  // A click selects the cell in the emulated spreadsheet, as a click in Sheets does.
  document.getElementById('tabs').addEventListener('click', function (e) {
    var td = e.target.closest ? e.target.closest('td[data-a1]') : null;
    if (!td) return;
    var sheet = td.closest('section').getAttribute('data-sheet');
    var a1 = td.getAttribute('data-a1');
    fetch('/api/select', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sheet: sheet, a1: a1 }) })
      .then(function () { show(); });
  });
  // The menu item: the sidebar opens beside the tabs (again: it explains the new selection).
  document.getElementById('explain').addEventListener('click', function () {
    var side = document.getElementById('side');
    side.classList.add('open');
    side.innerHTML = '<iframe title="이 숫자 설명" data-testid="sidebar-frame" src="/sidebar"></iframe>';
  });
  // A row link in the sidebar selected a row: show it.
  window.addEventListener('message', function (e) {
    if (e.origin === location.origin && e.data && e.data.type === 'cjet-preview-ran') show();
  });
  function show() {
    fetch('/api/selection').then(function (r) { return r.json(); }).then(function (s) {
      document.querySelectorAll('td.selected').forEach(function (el) { el.classList.remove('selected'); });
      document.querySelectorAll('tr.picked').forEach(function (el) { el.classList.remove('picked'); });
      status.textContent = '선택 (selection): ' + s.sheet + ' ' + s.row + '행 (row)';
      status.setAttribute('data-sheet', s.sheet);
      status.setAttribute('data-row', String(s.row));
      var section = sectionOf(s.sheet);
      if (!section) return;
      var tr = section.querySelector('tr[data-row="' + s.row + '"]');
      if (!tr) return;
      if (s.columns > 1) tr.classList.add('picked');
      else {
        var td = tr.children[s.column];
        if (td) td.classList.add('selected');
      }
      tr.scrollIntoView({ block: 'center' });
    });
  }
  show();
})();
</script>
</body></html>`;
}
