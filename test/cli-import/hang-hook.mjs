// Preloaded into a `cjet import` child process (node --import) by lock.test.ts: makes the save stop
// at a chosen point and say so on stderr, so the test can kill the process exactly there.
//   CJET_TEST_HANG=rename  the temporary workbook is complete; the rename over the old one never runs
//   CJET_TEST_HANG=write   half of the temporary workbook's first block is written; the rest never comes
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const mode = process.env.CJET_TEST_HANG;
const hang = (where) => {
  process.stderr.write(`HANGING ${where}\n`);
  return new Promise(() => {});
};

if (mode === 'rename') {
  const rename = fs.promises.rename;
  fs.promises.rename = (from, to) =>
    String(from).endsWith('.cjet-tmp') ? hang('before rename') : rename(from, to);
}
if (mode === 'write') {
  const open = fs.promises.open;
  fs.promises.open = async (path, ...rest) => {
    const handle = await open(path, ...rest);
    if (String(path).endsWith('.cjet-tmp')) {
      const write = handle.write.bind(handle);
      handle.write = async (buffer, offset, length) => {
        await write(buffer, offset, Math.floor(length / 2));
        return hang('mid-write');
      };
    }
    return handle;
  };
}
syncBuiltinESMExports();
