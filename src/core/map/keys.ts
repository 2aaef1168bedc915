/**
 * Deterministic line keys: a pure function of a row's identity, never of its position.
 * Rows with the same identity within one file get an occurrence counter, numbered after sorting
 * them by their full content, so shuffling the file's rows yields the same key set.
 */

/** Parts are joined with `|`; a `|` inside an ID (never seen) is replaced so keys stay splittable. */
export function keyPart(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return text.includes('|') ? text.replace(/\|/g, '/') : text;
}

export function identityKey(parts: readonly (string | number | null | undefined)[]): string {
  return parts.map(keyPart).join('|');
}

const LINEAGE = new Set([
  'line_key',
  'source_row',
  'source_sheet',
  'source_file',
  'import_id',
  'attributed_line_key',
]);

/** Row content without lineage: equal for rows that only differ by where they sit. */
export function contentOf(record: object): string {
  const entries = Object.entries(record).filter(([key]) => !LINEAGE.has(key));
  return JSON.stringify(entries);
}

export function assignLineKeys<T extends { line_key: string }>(
  records: readonly T[],
  identityOf: (record: T) => string,
): void {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const identity = identityOf(record);
    const group = groups.get(identity);
    if (group) group.push(record);
    else groups.set(identity, [record]);
  }
  for (const [identity, group] of groups) {
    let ordered = group;
    if (group.length > 1) {
      ordered = group
        .map((record) => ({ record, content: contentOf(record) }))
        .sort((a, b) => (a.content < b.content ? -1 : a.content > b.content ? 1 : 0))
        .map((entry) => entry.record);
    }
    for (let i = 0; i < ordered.length; i++) ordered[i]!.line_key = `${identity}|${i + 1}`;
  }
}
