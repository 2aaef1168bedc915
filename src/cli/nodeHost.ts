/** What the Node host injects into the core. */
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { CliIo } from './types';

/** CP949 via iconv-lite. Node's TextDecoder('euc-kr') corrupts CP949 extension syllables
 *  (뷁 햏 …) even with fatal: true (libraries.md), so it is never used. */
export function decodeCp949(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp949');
}

export function nodeIo(): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readFile: async (path) => new Uint8Array(await readFile(path)),
  };
}
