/**
 * `views.sql`: the summary tabs as BigQuery views, compiled from the SAME declarations the tabs'
 * formulas and TypeScript values come from (src/core/summary: MONTH_CLOSE, TAX_INVOICES, payoutsTab,
 * PROFIT and its helper costDaysTab), so a measure changed there changes the view too:
 *
 *   v_fees           the fees table with the effective commission (override › rule › collected), as
 *                    the Fees tab's formula columns compute it from commission_overrides and
 *                    commission_rules;
 *   v_cost_days      원가 계산: units per vendor × option × day, the unit cost of that day from
 *                    unit_costs (latest 적용 시작일; a tie: the higher cost), cost and units without;
 *   v_month_close    월마감          v_tax_invoices   세금계산서 대사
 *   v_payouts        정산 지급        v_option_profit  옵션별 손익
 *
 * How a declaration becomes SQL (the same matching as evaluate.ts):
 *   - each term is a grouped subquery of its source (vendor + the keys of its filters, Σ sign × value),
 *     its constant filters in WHERE; a row whose key is blank is left out unless the key has a word
 *     for blank (미상, 미배정), exactly as the tab leaves such rows out;
 *   - the rows of a view are the key tuples the terms place (completed and restricted by each term's
 *     conditions), the rows a `blank` rule creates (재고 손실 보상 without 정산유형 → 미지정), and the
 *     companion rows (one 미배정 per month);
 *   - a term's value on a row is its group with the same keys (and, for a `blank` rule, the blank
 *     group on the designated rows); expressions are compiled operator by operator, with blanks
 *     counting 0 in arithmetic as in the sheet; ROUND is half away from zero in both engines.
 * Every view carries `vendor_id` first (a dataset may hold several sellers; a tab holds one book).
 * What the views leave out: columns the user types in the tab (홈택스 금액, 실지급액, 메모) and the columns
 * computed from them (차이), the 검증 column (its identities are the tests'), the 합계 rows (SUM over the
 * view), and the helper's cost_start. Key words are shown as the tab shows them in Korean (확정, 공통,
 * 미배정 …). Differences from the tab, by design: text keys compare as stored (the tab's SUMIFS ignores
 * case; the values are Korean words and digits), and a key the tab refuses as a criterion (text that
 * looks like a number or date) is grouped here rather than left out.
 *
 * The SQL is one text for BigQuery and DuckDB: CTEs, LEFT JOIN, CASE, COALESCE, CAST, CONCAT,
 * SUBSTR, TRIM, LOWER, ROUND, ROW_NUMBER() OVER, UNION ALL / DISTINCT, typed DATE literals — and
 * FLOAT64 for the double arithmetic the spreadsheet does (DuckDB is taught the name: test/export).
 */

import { listedHolidayCalendar } from '../../core/close/holidays';
import { MONTHLY, WEEKLY } from '../../core/close/payout';
import { EMPTY_COST_TABLE } from '../../core/costs/table';
import {
  type Condition,
  columnAt,
  type Expr,
  type Filter,
  type KeyDef,
  keyColumns,
  keyDef,
  type SourceId,
  type SummaryDef,
  type Term,
  termsOf,
} from '../../core/summary/define';
import { costDaysTab, PROFIT } from '../../core/summary/profit';
import { MONTH_CLOSE, payoutsTab, type SummaryTab, TAX_INVOICES } from '../../core/summary/tabs';
import { VENDOR_COLUMN } from './tables';

/** A custom expression's SQL twin (`ref` compiles another column of the row), or null: left out. */
type Twin = ((ref: (column: string) => string) => string) | null;

interface ViewDef {
  name: string;
  tab: SummaryTab;
  /** SQL twins of the declaration's custom expressions, by column key (a missing twin is an error). */
  twins: Record<string, Twin>;
  /** More CTEs (given the keys CTE name) and joins on the row CTE `r`. */
  extra?: { ctes: (keys: string) => string[]; joins: string[] };
}

const str = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const dateLit = (iso: string) => `DATE '${iso}'`;
const FLOAT = 'FLOAT64';
const float = (sql: string) => `CAST(${sql} AS ${FLOAT})`;
/** ROUND half away from zero (BigQuery and DuckDB both), as an integer. */
const roundInt = (sql: string) => `CAST(ROUND(${sql}) AS INT64)`;
const monthOf = (date: string) => `CAST(CONCAT(SUBSTR(CAST(${date} AS STRING), 1, 7), '-01') AS DATE)`;
const vendorOf = (alias: string) => `COALESCE(${alias}.${VENDOR_COLUMN}, '')`;

function sourceRelation(dataset: string, source: SourceId): string {
  switch (source) {
    case 'orders':
      return `${dataset}.orders`;
    case 'fees':
      return `${dataset}.v_fees`;
    case 'fulfillment':
      return `${dataset}.fulfillment`;
    case 'cost_days':
      return `${dataset}.v_cost_days`;
  }
}

function keyLiteral(key: KeyDef, raw: string): string {
  return key.kind === 'text' ? str(raw) : dateLit(raw);
}

interface CompiledTerm {
  term: Term;
  id: number;
  /** The summary keys its filters give (in filter order). */
  keys: string[];
  /** The key of its `blank` rule, if any. */
  blank: Extract<Filter, { kind: 'key' }> | null;
}

class ViewCompiler {
  private readonly terms = new Map<Term, CompiledTerm>();
  private readonly keys: { name: string; key: KeyDef }[];

  constructor(
    private readonly view: ViewDef,
    private readonly dataset: string,
  ) {
    this.keys = keyColumns(this.def).map((k) => ({ name: k.key.column, key: k.key }));
  }

  private get def(): SummaryDef {
    return this.view.tab.def;
  }

  private compiled(term: Term): CompiledTerm {
    let c = this.terms.get(term);
    if (!c) {
      const keys = term.filters.flatMap((f) => (f.kind === 'month' || f.kind === 'key' ? [f.key] : []));
      const blank = term.filters.find((f) => f.kind === 'key' && f.blank) as
        | Extract<Filter, { kind: 'key' }>
        | undefined;
      c = { term, id: this.terms.size, keys, blank: blank ?? null };
      this.terms.set(term, c);
    }
    return c;
  }

  /** The value columns that make it into the view (not typed by the user, twin not null). */
  private included(column: string, seen = new Set<string>()): boolean {
    const found = columnAt(this.def, column).column;
    if (found.role === 'key') return true;
    if (found.role !== 'value') return false;
    if (seen.has(column)) throw new Error(`${column} refers to itself`);
    seen.add(column);
    return this.exprIncluded(found.expr, column, seen);
  }

  private exprIncluded(expr: Expr, column: string, seen: Set<string>): boolean {
    switch (expr.op) {
      case 'col':
      case 'zeroIfBlank':
        return this.included(expr.column, new Set(seen));
      case 'ifBlank':
        return (
          this.included(expr.column, new Set(seen)) &&
          (expr.blank === null || this.exprIncluded(expr.blank, column, seen)) &&
          this.exprIncluded(expr.filled, column, seen)
        );
      case 'ifFilled':
        return (
          expr.columns.every((c) => this.included(c, new Set(seen))) &&
          this.exprIncluded(expr.value, column, seen)
        );
      case 'add':
        return expr.args.every((a) => this.exprIncluded(a, column, seen));
      case 'sub':
      case 'mul':
      case 'div':
        return this.exprIncluded(expr.left, column, seen) && this.exprIncluded(expr.right, column, seen);
      case 'round':
        return this.exprIncluded(expr.arg, column, seen);
      case 'if':
        return (
          this.conditionsIncluded(expr.when, seen) &&
          this.exprIncluded(expr.yes, column, seen) &&
          (expr.no === null || this.exprIncluded(expr.no, column, seen))
        );
      case 'custom': {
        if (!(column in this.view.twins))
          throw new Error(`${this.view.name}: the custom column ${column} has no SQL twin`);
        return this.view.twins[column] !== null;
      }
      default:
        return true;
    }
  }

  private conditionsIncluded(conditions: readonly Condition[], seen: Set<string>): boolean {
    return conditions.every((c) => !('filled' in c) || this.included(c.filled, new Set(seen)));
  }

  // ── terms ──────────────────────────────────────────────────────────────────────────────────────

  /** The raw key a source row takes under one filter, and whether that row is placed at all. */
  private filterKey(f: Filter & { kind: 'month' | 'key' }): { value: string; placed: string | null } {
    const at = (column: string) => `s.${column}`;
    const raw = f.fallback ? `COALESCE(${at(f.column)}, ${at(f.fallback)})` : at(f.column);
    if (f.kind === 'month') return { value: monthOf(raw), placed: `${raw} IS NOT NULL` };
    const key = keyDef(this.def, f.key);
    if (key.kind !== 'text') return { value: raw, placed: `${raw} IS NOT NULL` };
    if (f.blank) return { value: raw, placed: null };
    if (key.words?.[''] !== undefined) return { value: `COALESCE(${raw}, '')`, placed: null };
    return { value: raw, placed: `${raw} IS NOT NULL` };
  }

  private constFilter(f: Filter & { kind: 'is' | 'isNot' }): string {
    const col = `s.${f.column}`;
    if (f.kind === 'is') return f.value === '' ? `${col} IS NULL` : `${col} = ${str(f.value)}`;
    return f.value === '' ? `${col} IS NOT NULL` : `(${col} IS NULL OR ${col} <> ${str(f.value)})`;
  }

  /** `t{id}` (and `t{id}b`, the rows whose blank-rule cell is blank) as CTE bodies. */
  private termCtes(c: CompiledTerm): string[] {
    const selects = [`${vendorOf('s')} AS ${VENDOR_COLUMN}`];
    const where: string[] = [];
    let blankValue = '';
    for (const f of c.term.filters) {
      if (f.kind === 'is' || f.kind === 'isNot') where.push(this.constFilter(f));
      else {
        const k = this.filterKey(f);
        selects.push(`${k.value} AS ${f.key}`);
        if (k.placed) where.push(k.placed);
        if (f.kind === 'key' && f.blank) blankValue = k.value;
      }
    }
    const sign = (c.term.sign ?? 1) === -1 ? '-' : '';
    selects.push(`${sign}COALESCE(s.${c.term.value}, 0) AS v`);
    const from = `${sourceRelation(this.dataset, c.term.source)} AS s`;
    const body = (extra: string | null, keys: string[]) => {
      const conditions = [...where, ...(extra ? [extra] : [])];
      const group = [VENDOR_COLUMN, ...keys];
      return (
        `SELECT ${group.join(', ')}, SUM(v) AS v\n    FROM (SELECT ${selects.join(', ')}\n          FROM ${from}` +
        (conditions.length > 0 ? `\n          WHERE ${conditions.join('\n            AND ')}` : '') +
        `) AS x\n    GROUP BY ${group.join(', ')}`
      );
    };
    if (!c.blank) return [`t${c.id} AS (\n    ${body(null, c.keys)}\n  )`];
    const others = c.keys.filter((k) => k !== c.blank!.key);
    return [
      `t${c.id} AS (\n    ${body(`${blankValue} IS NOT NULL`, c.keys)}\n  )`,
      `t${c.id}b AS (\n    ${body(`${blankValue} IS NULL`, others)}\n  )`,
    ];
  }

  private condition(c: Condition, alias: string, value: (column: string) => string): string {
    if ('filled' in c) return `${value(c.filled)} IS NOT NULL`;
    const key = keyDef(this.def, c.key);
    const list = ('in' in c ? c.in : c.notIn).map((v) => keyLiteral(key, v)).join(', ');
    return `${alias}.${c.key} ${'in' in c ? 'IN' : 'NOT IN'} (${list})`;
  }

  private conditions(list: readonly Condition[] | undefined, alias: string, value = this.noValue): string {
    const parts = (list ?? []).map((c) => this.condition(c, alias, value));
    return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
  }

  private readonly noValue = (column: string): string => {
    throw new Error(`a term's condition cannot read the cell ${column}`);
  };

  /** The summary keys a term's groups give, completed from its single-valued conditions. */
  private placedKeys(c: CompiledTerm, keys: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of keys) out[k] = `t.${k}`;
    for (const cond of c.term.when ?? []) {
      if ('in' in cond && cond.in.length === 1 && out[cond.key] === undefined)
        out[cond.key] = keyLiteral(keyDef(this.def, cond.key), cond.in[0]!);
    }
    return out;
  }

  /** The keys and the figures the view holds, in tab order. */
  outputColumns(): { key: string; ko: string; en: string }[] {
    return this.def.columns
      .filter((c) => c.role === 'key' || (c.role === 'value' && this.included(c.def.key)))
      .map((c) => ({ key: c.def.key, ko: c.def.ko, en: c.def.en }));
  }

  // ── the view ───────────────────────────────────────────────────────────────────────────────────

  sql(): string {
    const valueColumns = this.def.columns.filter((c) => c.role === 'value' && this.included(c.def.key));
    for (const c of this.def.columns)
      if (c.role === 'value') for (const t of termsOf(c.expr)) this.compiled(t);
    const terms = [...this.terms.values()];
    const names = this.keys.map((k) => k.name);
    const ctes: string[] = terms.flatMap((c) => this.termCtes(c));

    // Rows: every tuple a term places.
    const placing = terms.map((c) => {
      const placed = this.placedKeys(c, c.keys);
      const cols = names.map((n) => {
        if (placed[n] === undefined) throw new Error(`${this.view.name}: a term leaves key ${n} open`);
        return `${placed[n]} AS ${n}`;
      });
      const when = this.whenOnPlaced(c, placed);
      return `SELECT ${[`t.${VENDOR_COLUMN}`, ...cols].join(', ')} FROM t${c.id} AS t${when === '' ? '' : ` WHERE ${when}`}`;
    });
    ctes.push(`k0 AS (\n    ${placing.join('\n    UNION DISTINCT\n    ')}\n  )`);
    let last = 'k0';
    // Rows a blank rule creates: blank cells of a key tuple no row has (재고 손실 보상 → 미지정).
    const deferred = terms.filter((c) => c.blank);
    if (deferred.length > 0) {
      const creates = deferred.map((c) => {
        const others = c.keys.filter((k) => k !== c.blank!.key);
        const placed = this.placedKeys(c, others);
        const cols = names.map((n) =>
          n === c.blank!.key
            ? `${keyLiteral(keyDef(this.def, n), c.blank!.blank!.create)} AS ${n}`
            : `${placed[n] ?? this.missing(n)} AS ${n}`,
        );
        const on = [VENDOR_COLUMN, ...others].map((k) => `p.${k} = t.${k}`).join(' AND ');
        return (
          `SELECT ${[`t.${VENDOR_COLUMN}`, ...cols].join(', ')} FROM t${c.id}b AS t\n` +
          `    LEFT JOIN (SELECT DISTINCT ${[VENDOR_COLUMN, ...others].join(', ')}, 1 AS present FROM k0) AS p ON ${on}\n` +
          `    WHERE p.present IS NULL`
        );
      });
      ctes.push(
        `k1 AS (\n    SELECT * FROM k0\n    UNION DISTINCT\n    ${creates.join('\n    UNION DISTINCT\n    ')}\n  )`,
      );
      last = 'k1';
    }
    const companion = this.def.companion;
    if (companion) {
      const cols = names.map((n) =>
        n === companion.key ? `${keyLiteral(keyDef(this.def, n), companion.value)} AS ${n}` : n,
      );
      ctes.push(
        `k2 AS (\n    SELECT * FROM ${last}\n    UNION DISTINCT\n    SELECT ${[VENDOR_COLUMN, ...cols].join(', ')} FROM ${last}\n  )`,
      );
      last = 'k2';
    }
    if (this.view.extra) ctes.push(...this.view.extra.ctes(last));

    // Each row with its terms' values.
    const joins: string[] = [];
    const values: string[] = [];
    for (const c of terms) {
      const on = [VENDOR_COLUMN, ...c.keys].map((k) => `t${c.id}.${k} = k.${k}`).join(' AND ');
      joins.push(`LEFT JOIN t${c.id} ON ${on}`);
      let value = `COALESCE(t${c.id}.v, 0)`;
      if (c.blank) {
        const others = c.keys.filter((k) => k !== c.blank!.key);
        const key = keyDef(this.def, c.blank.key);
        const prefer = keyLiteral(key, c.blank.blank!.prefer);
        const onB = [VENDOR_COLUMN, ...others].map((k) => `t${c.id}b.${k} = k.${k}`).join(' AND ');
        const onP = [VENDOR_COLUMN, ...others].map((k) => `p${c.id}.${k} = k.${k}`).join(' AND ');
        joins.push(`LEFT JOIN t${c.id}b ON ${onB}`);
        joins.push(
          `LEFT JOIN (SELECT DISTINCT ${[VENDOR_COLUMN, ...others].join(', ')}, 1 AS present FROM ${last} WHERE ${c.blank.key} = ${prefer}) AS p${c.id} ON ${onP}`,
        );
        // Blank cells count on the preferred row, or on every row of those keys when none is preferred.
        value += ` + CASE WHEN k.${c.blank.key} = ${prefer} OR p${c.id}.present IS NULL THEN COALESCE(t${c.id}b.v, 0) ELSE 0 END`;
      }
      const when = this.conditions(c.term.when, 'k');
      values.push(`${when === 'TRUE' ? value : `CASE WHEN ${when} THEN ${value} ELSE 0 END`} AS x${c.id}`);
    }
    ctes.push(
      `r AS (\n    SELECT ${['k.*', ...values].join(',\n      ')}\n    FROM ${last} AS k\n    ${joins.join('\n    ')}\n  )`,
    );

    // The view's columns: keys as the tab shows them, then the figures.
    const out = [`r.${VENDOR_COLUMN}`];
    for (const k of this.keys) {
      const words = Object.entries(k.key.words ?? {});
      out.push(
        words.length === 0
          ? `r.${k.name}`
          : `CASE r.${k.name} ${words.map(([raw, w]) => `WHEN ${str(raw)} THEN ${str(w.ko)}`).join(' ')} ELSE r.${k.name} END AS ${k.name}`,
      );
    }
    for (const c of valueColumns) out.push(`${this.column(c.def.key)} AS ${c.def.key}`);
    const order = [VENDOR_COLUMN, ...names].map((n) => `r.${n}`).join(', ');
    const extraJoins = this.view.extra?.joins ?? [];
    return (
      `CREATE OR REPLACE VIEW ${this.dataset}.${this.view.name} AS\nWITH\n  ${ctes.join(',\n  ')}\n` +
      `SELECT\n  ${out.join(',\n  ')}\nFROM r${extraJoins.length > 0 ? `\n${extraJoins.join('\n')}` : ''}\nORDER BY ${order}`
    );
  }

  private missing(key: string): never {
    throw new Error(`${this.view.name}: a blank rule leaves key ${key} open`);
  }

  /** A term's conditions on the tuple it places (its keys, or the literals its conditions fix). */
  private whenOnPlaced(c: CompiledTerm, placed: Record<string, string>): string {
    return (c.term.when ?? [])
      .map((cond) => {
        if ('filled' in cond) return this.noValue(cond.filled);
        const key = keyDef(this.def, cond.key);
        const list = ('in' in cond ? cond.in : cond.notIn).map((v) => keyLiteral(key, v)).join(', ');
        return `${placed[cond.key] ?? this.missing(cond.key)} ${'in' in cond ? 'IN' : 'NOT IN'} (${list})`;
      })
      .join(' AND ');
  }

  // ── expressions ────────────────────────────────────────────────────────────────────────────────

  private readonly columnSql = new Map<string, string>();

  /** A column of the row as SQL (NULL = the tab's blank cell). */
  column(column: string): string {
    const cached = this.columnSql.get(column);
    if (cached !== undefined) return cached;
    const found = columnAt(this.def, column).column;
    let sql: string;
    if (found.role === 'key') sql = `r.${column}`;
    else if (found.role === 'value') sql = this.expr(found.expr, column);
    else throw new Error(`${this.view.name}: ${column} is not in the view`);
    this.columnSql.set(column, sql);
    return sql;
  }

  private num(expr: Expr, column: string): string {
    return `COALESCE(${this.expr(expr, column)}, 0)`;
  }

  private expr(expr: Expr, column: string): string {
    switch (expr.op) {
      case 'col':
        return `(${this.column(expr.column)})`;
      case 'sum': {
        const parts = expr.terms.map((t) => `r.x${this.compiled(t).id}`);
        return parts.length === 1 ? parts[0]! : `(${parts.join(' + ')})`;
      }
      case 'num':
        return String(expr.value);
      case 'add':
        return `(${expr.args.map((a) => this.num(a, column)).join(' + ')})`;
      case 'sub':
        return `(${this.num(expr.left, column)} - ${this.num(expr.right, column)})`;
      case 'mul':
        return `(${float(this.num(expr.left, column))} * ${float(this.num(expr.right, column))})`;
      case 'div':
        if (expr.right.op !== 'num' || expr.right.value === 0)
          throw new Error(`${this.view.name}: ${column} divides by a non-constant`);
        return `(${float(this.num(expr.left, column))} / ${expr.right.value})`;
      case 'round':
        return roundInt(this.num(expr.arg, column));
      case 'if':
        return `CASE WHEN ${this.conditions(expr.when, 'r', (c) => this.column(c))} THEN ${this.expr(expr.yes, column)} ELSE ${expr.no ? this.expr(expr.no, column) : 'NULL'} END`;
      case 'ifBlank':
        return `CASE WHEN ${this.column(expr.column)} IS NULL THEN ${expr.blank ? this.expr(expr.blank, column) : 'NULL'} ELSE ${this.expr(expr.filled, column)} END`;
      case 'ifFilled':
        return `CASE WHEN ${expr.columns.map((c) => `${this.column(c)} IS NOT NULL`).join(' OR ')} THEN ${this.expr(expr.value, column)} ELSE NULL END`;
      case 'zeroIfBlank':
        return `COALESCE(${this.column(expr.column)}, 0)`;
      case 'custom': {
        const twin = this.view.twins[column];
        if (!twin) throw new Error(`${this.view.name}: the custom column ${column} has no SQL twin`);
        return `(${twin((c) => this.column(c))})`;
      }
    }
  }
}

// ── the views ────────────────────────────────────────────────────────────────────────────────────

const weeklyFirst = (expected: string) => roundInt(`${float(expected)} * 7 / 10`);

function viewDefs(dataset: string): ViewDef[] {
  // Only the declarations matter here: the calendar and costs give the tabs' TypeScript values,
  // which the views take from payout_dates and unit_costs.
  const payouts = payoutsTab(listedHolidayCalendar([]));
  const costDays = costDaysTab(EMPTY_COST_TABLE);
  return [
    {
      name: 'v_cost_days',
      tab: costDays,
      twins: { cost_start: null, unit_cost: () => 'uc.unit_cost' },
      extra: {
        // The 원가 row for the option covering the day: the latest 적용 시작일 (blank = earliest), a
        // tie: the higher unit cost (src/core/costs/table.ts). Option IDs match exactly, ends trimmed.
        ctes: (keys) => [
          `cost_pick AS (
    SELECT vendor_id, option_id, day, unit_cost FROM (
      SELECT d.vendor_id, d.option_id, d.day, c.unit_cost,
        ROW_NUMBER() OVER (
          PARTITION BY d.vendor_id, d.option_id, d.day
          ORDER BY COALESCE(c.valid_from, DATE '1900-01-01') DESC, c.unit_cost DESC) AS pick
      FROM ${keys} AS d
      JOIN ${dataset}.unit_costs AS c
        ON ${vendorOf('c')} = d.vendor_id
        AND TRIM(c.option_id) = d.option_id
        AND c.unit_cost >= 0
        AND (c.valid_from IS NULL OR c.valid_from <= d.day)
        AND (c.valid_to IS NULL OR c.valid_to >= d.day)
    ) AS m
    WHERE pick = 1
  )`,
        ],
        joins: [
          'LEFT JOIN cost_pick AS uc ON uc.vendor_id = r.vendor_id AND uc.option_id = r.option_id AND uc.day = r.day',
        ],
      },
    },
    { name: 'v_month_close', tab: MONTH_CLOSE, twins: {} },
    { name: 'v_tax_invoices', tab: TAX_INVOICES, twins: {} },
    {
      name: 'v_payouts',
      tab: payouts,
      twins: {
        first_date: () => 'pd.first_date',
        second_date: () => 'pd.second_date',
        first_amount: (ref) =>
          `CASE WHEN r.cycle = ${str(WEEKLY)} THEN ${weeklyFirst(ref('expected'))} WHEN r.cycle = ${str(MONTHLY)} THEN ${ref('expected')} ELSE NULL END`,
        second_amount: (ref) =>
          `CASE WHEN r.cycle = ${str(WEEKLY)} THEN ${ref('expected')} - ${weeklyFirst(ref('expected'))} ELSE NULL END`,
      },
      extra: {
        ctes: () => [],
        joins: [
          `LEFT JOIN ${dataset}.payout_dates AS pd ON pd.cycle = r.cycle AND pd.period_end = r.period_end`,
        ],
      },
    },
    {
      name: 'v_option_profit',
      tab: PROFIT,
      twins: {
        margin: (ref) =>
          `CASE WHEN ${ref('supply_total')} = 0 THEN NULL ELSE ${float(ref('contribution'))} / ${float(ref('supply_total'))} END`,
      },
    },
  ];
}

/**
 * v_fees: the Fees tab's formula columns over the fees table (src/core/merge/commission.ts):
 *   override › rule › collected › 0. A rule matches the row's option / product / category ID (ends
 *   trimmed; scope words 옵션·option, 상품·product, 카테고리·category), a rate 0 ≤ rate < 9999, and the rule
 *   date (매출인식일, else 기간 종료; a row without one takes only rules without dates) within its dates.
 *   The best: the most specific scope, the latest 적용 시작일, the highest rate (to 3 decimals).
 *   A rule's commission is ROUND(base × rate / 100 × 1.1), in doubles, as the sheet computes it.
 */
function feesView(dataset: string): string {
  const scopeRank = `CASE
        WHEN LOWER(TRIM(scope)) IN ('옵션', 'option') THEN 3
        WHEN LOWER(TRIM(scope)) IN ('상품', 'product') THEN 2
        WHEN LOWER(TRIM(scope)) IN ('카테고리', 'category') THEN 1
        ELSE 0 END`;
  const day = 'COALESCE(f.recognition_date, f.period_end)';
  return `CREATE OR REPLACE VIEW ${dataset}.v_fees AS
WITH
  rules AS (
    SELECT ${vendorOf('s')} AS vendor_id, ${scopeRank} AS rank, TRIM(s.scope_id) AS scope_id,
      ROUND(s.rate_pct, 3) AS rate, s.valid_from, s.valid_to
    FROM ${dataset}.commission_rules AS s
    WHERE s.rate_pct >= 0 AND s.rate_pct < 9999 AND COALESCE(TRIM(s.scope_id), '') <> ''
  ),
  matched AS (
    SELECT vendor_id, line_key, rate FROM (
      SELECT ${vendorOf('f')} AS vendor_id, f.line_key, r.rate,
        ROW_NUMBER() OVER (
          PARTITION BY ${vendorOf('f')}, f.line_key
          ORDER BY r.rank DESC, COALESCE(r.valid_from, DATE '1899-12-31') DESC, r.rate DESC) AS pick
      FROM ${dataset}.fees AS f
      JOIN rules AS r
        ON r.vendor_id = ${vendorOf('f')}
        AND ((r.rank = 3 AND r.scope_id = TRIM(f.option_id))
          OR (r.rank = 2 AND r.scope_id = TRIM(f.product_id))
          OR (r.rank = 1 AND r.scope_id = TRIM(f.category)))
        AND (r.valid_from IS NULL OR r.valid_from <= ${day})
        AND (r.valid_to IS NULL OR r.valid_to >= ${day})
    ) AS m
    WHERE pick = 1
  )
SELECT
  f.*,
  m.rate AS rule_rate,
  CASE
    WHEN o.commission_override IS NOT NULL THEN o.commission_override
    WHEN m.rate IS NOT NULL THEN ${roundInt(`${float('COALESCE(f.commission_base, 0)')} * ${float('m.rate')} / 100 * 1.1`)}
    ELSE COALESCE(f.collected_total, 0)
  END AS effective_commission,
  CASE
    WHEN o.commission_override IS NOT NULL THEN 'override'
    WHEN m.rate IS NOT NULL THEN 'rule'
    WHEN f.collected_total IS NOT NULL THEN 'collected'
    ELSE 'none'
  END AS commission_source
FROM ${dataset}.fees AS f
LEFT JOIN matched AS m ON m.vendor_id = ${vendorOf('f')} AND m.line_key = f.line_key
LEFT JOIN ${dataset}.commission_overrides AS o
  ON ${vendorOf('o')} = ${vendorOf('f')} AND o.line_key = f.line_key`;
}

/** The names of the views, in creation order (each reads only the ones before it). */
export const VIEW_NAMES = [
  'v_fees',
  'v_cost_days',
  'v_month_close',
  'v_tax_invoices',
  'v_payouts',
  'v_option_profit',
] as const;

/** Every view's CREATE OR REPLACE statement, in order. */
export function viewStatements(dataset: string): string[] {
  return [feesView(dataset), ...viewDefs(dataset).map((v) => new ViewCompiler(v, dataset).sql())];
}

/** The columns of each summary view (after vendor_id): its keys and figures, with the tab's labels. */
export function viewColumns(): {
  view: string;
  tab: SummaryTab;
  columns: { key: string; ko: string; en: string }[];
}[] {
  return viewDefs('d').map((v) => ({
    view: v.name,
    tab: v.tab,
    columns: new ViewCompiler(v, 'd').outputColumns(),
  }));
}
