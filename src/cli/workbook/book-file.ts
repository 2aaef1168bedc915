/**
 * The workbook file on disk: checking `--out`, one import at a time per workbook (a lock file),
 * and replacing the file atomically.
 *
 * The lock is an exclusive file next to the workbook (`BOOK.xlsx.cjet-lock`, created with O_EXCL)
 * holding the owner's process id, host and a token. A lock whose process no longer runs on this
 * host is stale and broken; otherwise a second import waits a few seconds, then refuses. (A
 * heartbeat lock such as proper-lockfile's would call a live import stale: merging a large workbook
 * keeps the event loop busy for longer than its staleness window.)
 *
 * The new workbook is written to a temporary file unique to the run, flushed to disk, then renamed
 * over the old one, so a killed import leaves the old workbook or the new one, never half of one.
 */
import { randomUUID } from 'node:crypto';
import { type FileHandle, link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { WorkbookError } from './errors';

/** How long a second import waits for the first before it refuses. */
export const LOCK_WAIT_MS = 4000;
/** A lock older than this is stale even if its process id is alive again (reused). */
const LOCK_MAX_AGE_MS = 6 * 60 * 60 * 1000;
const TEMP_SUFFIX = '.cjet-tmp';

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code ?? 'ERROR';

function folderNotWritable(folder: string, code: string): WorkbookError {
  return new WorkbookError(
    `폴더 ${folder}에 쓸 수 없습니다 (${code}). 쓰기 권한이 있는 폴더의 --out 경로를 지정하세요`,
    `cannot write in the folder ${folder} (${code}); give an --out path in a folder you can write to`,
  );
}

/** `--out` names something that cannot be the workbook (checked before any input is read). */
export async function checkOutPath(path: string): Promise<'missing' | 'file'> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') throw folderNotWritable(dirname(path), code);
    throw new WorkbookError(
      `--out ${path}을(를) 확인할 수 없습니다 (${code})`,
      `cannot access --out ${path} (${code})`,
    );
  }
  if (info.isDirectory()) {
    throw new WorkbookError(
      `--out ${path}은(는) 폴더입니다. 통합문서(.xlsx) 파일 경로를 지정하세요`,
      `--out ${path} is a folder; give the path of a workbook (.xlsx) file`,
    );
  }
  if (!info.isFile()) {
    throw new WorkbookError(
      `--out ${path}은(는) 일반 파일이 아닙니다. 통합문서(.xlsx) 파일 경로를 지정하세요`,
      `--out ${path} is not a regular file; give the path of a workbook (.xlsx) file`,
    );
  }
  return 'file';
}

export async function readBookFile(path: string): Promise<Uint8Array> {
  try {
    const bytes = await readFile(path);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    const code = codeOf(error);
    throw new WorkbookError(
      `통합문서 ${path}을(를) 읽을 수 없습니다 (${code})`,
      `cannot read the workbook ${path} (${code})`,
    );
  }
}

interface LockInfo {
  pid: number;
  host: string;
  token: string;
  since: number;
}

export const lockPathOf = (book: string) => `${book}.cjet-lock`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid !== 'number' || typeof info.token !== 'string') return null;
    return {
      pid: info.pid,
      host: String(info.host ?? ''),
      token: info.token,
      since: Number(info.since ?? 0),
    };
  } catch {
    return null;
  }
}

function isStale(lock: LockInfo, now: number): boolean {
  if (now - lock.since > LOCK_MAX_AGE_MS) return true;
  return lock.host === hostname() && !processAlive(lock.pid);
}

/** Moves a stale lock aside; if it turns out not to be the one judged stale, puts it back. */
async function breakLock(path: string, stale: LockInfo | null): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: someone else broke it
  }
  const moved = await readLock(aside);
  if (stale && moved && moved.token !== stale.token) {
    // A fresh lock was created between our read and the rename: give it back (link fails if a
    // third one exists already, which then stands).
    await link(aside, path).catch(() => {});
  }
  await rm(aside, { force: true });
}

/**
 * Takes the workbook's lock, waiting up to `waitMs` for another import to finish. Returns the
 * release function. Throws a WorkbookError when the lock stays taken or cannot be created.
 */
export async function lockBook(book: string, waitMs = LOCK_WAIT_MS): Promise<() => Promise<void>> {
  const path = lockPathOf(book);
  const folder = dirname(book);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw folderNotWritable(folder, codeOf(error));
  }
  const mine: LockInfo = { pid: process.pid, host: hostname(), token: randomUUID(), since: Date.now() };
  const deadline = Date.now() + waitMs;
  let holder: LockInfo | null = null;
  for (;;) {
    let handle: FileHandle | null = null;
    try {
      handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(mine));
      await handle.close();
      return async () => {
        const current = await readLock(path);
        if (current?.token === mine.token) await rm(path, { force: true });
      };
    } catch (error) {
      await handle?.close().catch(() => {});
      const code = codeOf(error);
      if (code !== 'EEXIST') throw folderNotWritable(folder, code);
    }
    holder = await readLock(path);
    const now = Date.now();
    if (holder ? isStale(holder, now) : await unreadableAndOld(path, now)) {
      await breakLock(path, holder);
      continue;
    }
    if (now >= deadline) {
      const who = holder ? ` (${holder.host === hostname() ? '' : `${holder.host} `}pid ${holder.pid})` : '';
      throw new WorkbookError(
        `다른 cjet import가 ${book}에 쓰는 중입니다${who}. 그 작업이 끝난 뒤 다시 실행하세요. 아무것도 쓰지 않았습니다`,
        `another cjet import is writing ${book}${who}; run again when it has finished. Nothing was written`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A lock file without readable content: being written right now, or left by a crash long ago. */
async function unreadableAndOld(path: string, now: number): Promise<boolean> {
  try {
    return now - (await stat(path)).mtimeMs > 10_000;
  } catch {
    return false;
  }
}

/** Removes temporary files earlier runs left behind when they were killed. */
export async function sweepTemporaryFiles(book: string): Promise<void> {
  const folder = dirname(book);
  const prefix = `${basename(book)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(/\.(\d+)-[0-9a-f]+\.cjet-tmp$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && !processAlive(pid)) await rm(join(folder, name), { force: true });
  }
}

/**
 * Writes the workbook next to its final name under a name unique to this run, flushes it to disk,
 * then renames it over the old file (atomic on one file system).
 */
export async function replaceBook(book: string, bytes: Uint8Array): Promise<void> {
  const folder = dirname(book);
  const temporary = `${book}.${process.pid}-${randomUUID().slice(0, 8)}${TEMP_SUFFIX}`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      for (let at = 0; at < bytes.length; at += 1 << 20) {
        await handle.write(bytes, at, Math.min(1 << 20, bytes.length - at));
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, book);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw folderNotWritable(folder, codeOf(error));
  }
}
