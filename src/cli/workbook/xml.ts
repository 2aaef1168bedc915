/**
 * Small XML text helpers for the parts of an .xlsx the port edits as text (workbook.xml, rels,
 * content types, styles, a sheet's head and tail). Element names are matched with any namespace
 * prefix (`<x:sheet>` as well as `<sheet>`), because some writers prefix the main namespace.
 */

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character and entity references → text. */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref[0] !== '#') return ENTITIES[ref] ?? '';
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/**
 * Cell text as stored (ECMA-376 ST_Xstring): XML-escaped, and characters XML 1.0 cannot hold written
 * as `_xHHHH_` (a literal `_xHHHH_` is itself escaped as `_x005F_xHHHH_`).
 */
export function decodeXstring(text: string): string {
  const plain = unescapeXml(text);
  if (!plain.includes('_x')) return plain;
  return plain.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Text that encodeXstring would change (XML specials, characters XML 1.0 forbids, `_xHHHH_`). */
export const NEEDS_ENCODING = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;

export function encodeXstring(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  let out = text;
  if (out.includes('_x')) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_');
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
  out = out.replace(forbidden, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  return escapeText(out);
}

export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttr(text: string): string {
  return text.replace(/[&<>"\n\r\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const attrPatterns = new Map<string, RegExp>();

function attrPattern(name: string): RegExp {
  let pattern = attrPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\s${name.replace(/[:.]/g, '\\$&')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, pattern);
  }
  return pattern;
}

/** The (unescaped) value of an attribute of one start tag, or null. */
export function getAttr(tag: string, name: string): string | null {
  const match = attrPattern(name).exec(tag);
  if (!match) return null;
  return unescapeXml(match[1] ?? match[2] ?? '');
}

/** The start tag with the attribute set (replaced where it is, else added at the end). */
export function setAttr(tag: string, name: string, value: string): string {
  const pattern = attrPattern(name);
  const written = ` ${name}="${escapeAttr(value)}"`;
  if (pattern.test(tag)) return tag.replace(pattern, () => written);
  return tag.replace(/\s*(\/?)>$/, (_, slash: string) => `${written}${slash}>`);
}

export function removeAttr(tag: string, name: string): string {
  return tag.replace(attrPattern(name), '');
}

/** Every element `<name …/>` or `<name …>…</name>` (any prefix) with its position. Not for nesting
 *  elements of the same name. */
export function elements(
  xml: string,
  name: string,
): { text: string; start: number; end: number; tag: string }[] {
  const found: { text: string; start: number; end: number; tag: string }[] = [];
  const open = new RegExp(`<(\\w+:)?${name}(?=[\\s/>])[^>]*>`, 'g');
  for (let match = open.exec(xml); match; match = open.exec(xml)) {
    const tag = match[0];
    const start = match.index;
    let end = start + tag.length;
    if (!tag.endsWith('/>')) {
      const close = `</${match[1] ?? ''}${name}>`;
      const at = xml.indexOf(close, end);
      if (at < 0) throw new Error(`unclosed <${name}>`);
      end = at + close.length;
    }
    found.push({ text: xml.slice(start, end), start, end, tag });
    open.lastIndex = end;
  }
  return found;
}

/** Position of the first element (start tag) among `names`, or -1. */
export function firstElementAt(xml: string, names: readonly string[]): number {
  let best = -1;
  for (const name of names) {
    const match = new RegExp(`<(\\w+:)?${name}(?=[\\s/>])`).exec(xml);
    if (match && (best < 0 || match.index < best)) best = match.index;
  }
  return best;
}

/** The namespace prefix of the document element (`x:` in `<x:workbook>`), or ''. */
export function rootPrefix(xml: string): string {
  const match = /<(?!\?|!)(\w+:)?\w+[\s>/]/.exec(xml);
  return match?.[1] ?? '';
}
