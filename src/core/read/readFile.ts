/** bytes + name → grids, or the reason the file cannot be read. Content decides, not the extension. */
import { readCsv } from './csv';
import type { ReadResult } from './grid';
import { otherFormat, sniffContainer } from './sniff';
import { readWorkbook } from './xlsx';

export function readFileBytes(
  name: string,
  bytes: Uint8Array,
  decodeCp949: (bytes: Uint8Array) => string,
): ReadResult {
  const other = otherFormat(bytes);
  if (other) return { ok: false, code: 'UNSUPPORTED_FORMAT', detail: `${other} file` };
  const container = sniffContainer(bytes);
  switch (container) {
    case 'empty':
      return { ok: false, code: 'EMPTY_FILE', detail: `${bytes.length} bytes` };
    case 'html':
      return { ok: false, code: 'HTML_AS_XLS', detail: 'HTML markup' };
    case 'binary':
      return { ok: false, code: 'UNSUPPORTED_FORMAT', detail: 'binary content that is not a workbook' };
    case 'zip':
    case 'cfb':
      return readWorkbook(bytes, container);
    case 'text':
      return readCsv(bytes, baseName(name), decodeCp949);
  }
}

/** The file name without folders: also the sheet name of a CSV. */
export function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] ?? name;
}
