// The README's Google set-up is checked against the clasp 3 that `npm ci` installs (its own --help
// output and messages), and its tab descriptions against the tabs' labels.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_TABS } from '../../src/core/model/tabs';

const README = readFileSync('README.md', 'utf8');
const CLASP = resolve('node_modules/@google/clasp/build/src/index.js');
const help = new Map<string, string>();
function claspHelp(command?: string): string {
  const text = help.get(command ?? '');
  if (text === undefined) throw new Error(`no help read for ${command}`);
  return text;
}

/** The help texts, read once and in parallel (each clasp start takes seconds). */
async function readHelp(commands: readonly string[]): Promise<void> {
  const run = promisify(execFile);
  await Promise.all(
    ['', ...new Set(commands)].map(async (command) => {
      const args = [CLASP, ...(command ? [command] : []), '--help'];
      help.set(command, (await run(process.execPath, args, { encoding: 'utf8' })).stdout);
    }),
  );
}

/** Every `npx clasp <command> [--flag …]` the README tells a user to run, and `npm run deploy`'s. */
function claspCommands(): { command: string; flags: string[] }[] {
  const found = [...README.matchAll(/npx clasp ([a-z][a-z-]*)([^`\n]*)/g)].map((m) => ({
    command: m[1]!,
    flags: [...(m[2] ?? '').matchAll(/(?:^|\s)(--?[a-zA-Z][a-zA-Z-]*)/g)].map((f) => f[1]!),
  }));
  const deploy = JSON.parse(readFileSync('package.json', 'utf8')).scripts.deploy as string;
  const push = /clasp (push[^&]*)/.exec(deploy)?.[1]?.trim().split(/\s+/) ?? [];
  found.push({ command: push[0] ?? '', flags: push.slice(1) });
  return found;
}

describe('README: installing into Google Sheets with clasp 3', () => {
  beforeAll(() => readHelp(claspCommands().map((c) => c.command)));

  it('uses only commands and options that the installed clasp lists in its help', () => {
    const commands = claspCommands();
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['login', 'create', 'show-file-status', 'push']),
    );
    const top = claspHelp();
    for (const { command, flags } of commands) {
      expect(top, command).toMatch(new RegExp(`\\n  (?:[a-z-]+\\|)?${command}\\b`));
      const own = claspHelp(command);
      for (const flag of flags) {
        if (flag === '--help') continue;
        expect(own, `${command} ${flag}`).toMatch(new RegExp(`(?:^|[\\s,])${flag}\\b`));
      }
    }
    // `--force` is what stops clasp from asking before it overwrites the manifest.
    expect(claspHelp('push')).toContain('Forcibly overwrites the remote manifest.');
  });

  it('says what a first-time user meets: the API switch, the placeholder .clasp.json, the menu title', () => {
    for (const text of [
      'https://script.google.com/home/usersettings',
      'Google Apps Script API',
      'clasp push --force',
      'Untitled project',
      '제목 없는 프로젝트',
      '"scriptId": "REPLACE_WITH_YOUR_SCRIPT_ID"',
    ]) {
      expect(README).toContain(text);
    }
    // clasp's own refusal, quoted in the README, and the way around it in both languages.
    const create = readFileSync('node_modules/@google/clasp/build/src/commands/create-script.js', 'utf8');
    expect(create).toContain('Project file already exists.');
    expect(README.split('Project file already exists.').length - 1).toBe(2);
    const committed = JSON.parse(readFileSync('.clasp.json', 'utf8'));
    expect(committed.scriptId).toBe('REPLACE_WITH_YOUR_SCRIPT_ID');
    expect(committed.rootDir).toBe('dist');
    for (const part of README.split('\n## ').slice(1, 3)) {
      const rm = part.indexOf('rm .clasp.json');
      const create = part.indexOf('npx clasp create --type sheets');
      expect(rm).toBeGreaterThan(0);
      expect(create).toBeGreaterThan(rm);
      expect(part.indexOf('script.google.com/home/usersettings')).toBeLessThan(
        part.indexOf('npx clasp login'),
      );
    }
  });
});

/** Labels renamed by schema version 2 (old → new) and the labels it added (normalized-tabs.md). */
const RENAMED = [
  ['판매자 부담 배송비', '판매자 부담 배송비(VAT포함)'],
  ['수집 수수료율(%)', '수집 수수료율(%, VAT별도)'],
  ['수집 판매수수료', '판매수수료 공급가액'],
  ['수집 수수료 VAT', '판매수수료 세액'],
  ['수집 수수료 합계', '판매수수료 합계금액'],
  ['수수료 직접입력', '수수료 직접입력(VAT포함)'],
  ['설정 수수료율(%)', '설정 수수료율(%, VAT별도)'],
  ['적용 수수료', '적용 수수료(VAT포함)'],
  ['비용(VAT별도)', '공급가액'],
  ['비용(VAT포함)', '합계금액'],
  ['수수료율(%)', '수수료율(%, VAT별도)'],
] as const;
const ADDED = [
  '세금계산서 발행월',
  '카테고리ID',
  '즉시할인쿠폰',
  '다운로드쿠폰',
  '업체코드',
  '할인적용 수수료율(%, VAT별도)',
  '대체됨',
  '심각도',
];

describe('README: the tab descriptions use the labels of the tabs', () => {
  it('says the labels of normalized-tabs.md, never a label schema version 2 replaced', () => {
    for (const [old, label] of RENAMED) {
      expect(README, label).toContain(label);
      expect(README, old).not.toContain(`**${old}**`);
    }
    for (const label of ADDED) expect(README, label).toContain(label);
  });

  it('names renamed and new columns by their current labels, never a former one', () => {
    for (const tab of ALL_TABS) {
      for (const col of tab.columns) {
        if (!col.former && (col.since ?? 1) < 2) continue;
        if (col.key === 'amount_superseded' || col.ko === '세액') {
          expect(README).toContain(col.ko);
          continue;
        }
        expect(README, `${tab.id}.${col.key}`).toContain(col.ko);
        for (const former of col.former ?? []) expect(README, former).not.toContain(`**${former}**`);
      }
    }
  });
});
