// Static checks on what `npm run build` ships: the bundle is a plain ES2020 script whose only
// top-level functions are the allowlist, and the manifest asks for the scopes it needs and no more.
import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const allowlist: string[] = JSON.parse(readFileSync('src/addon/allowlist.json', 'utf8')).functions;

describe('dist/Code.js', () => {
  it('parses as an ES2020 script (no import/export, no newer syntax)', () => {
    const code = readFileSync('dist/Code.js', 'utf8');
    expect(() => parse(code, { ecmaVersion: 2020, sourceType: 'script' })).not.toThrow();
    expect(() => parse('class A { #x = 1 }', { ecmaVersion: 2020, sourceType: 'script' })).toThrow();
  });

  it('declares exactly the allowlisted top-level functions, none private', () => {
    const code = readFileSync('dist/Code.js', 'utf8');
    const program = parse(code, { ecmaVersion: 2020, sourceType: 'script' }) as unknown as {
      body: { type: string; id?: { name: string } }[];
    };
    const functions = program.body.filter((n) => n.type === 'FunctionDeclaration').map((n) => n.id?.name);
    expect(new Set(functions)).toEqual(new Set(allowlist));
    expect(functions.some((n) => n?.endsWith('_'))).toBe(false);
    expect(allowlist).toEqual(expect.arrayContaining(['onOpen', 'onInstall', 'showImportDialog']));
  });
});

const Manifest = z
  .object({
    timeZone: z.literal('Asia/Seoul'),
    runtimeVersion: z.literal('V8'),
    oauthScopes: z.tuple([
      z.literal('https://www.googleapis.com/auth/spreadsheets.currentonly'),
      z.literal('https://www.googleapis.com/auth/script.container.ui'),
      // Session.getActiveUser().getEmail() is '' without it: the Import log names who imported.
      z.literal('https://www.googleapis.com/auth/userinfo.email'),
    ]),
    exceptionLogging: z.string().optional(),
  })
  .strict();

describe('manifest and clasp', () => {
  it('dist/appsscript.json has the V8 runtime, Seoul time and exactly the three scopes it needs', () => {
    const manifest = JSON.parse(readFileSync('dist/appsscript.json', 'utf8'));
    expect(Manifest.safeParse(manifest).success).toBe(true);
  });

  it('.clasp.json pushes dist/ and holds no secrets', () => {
    const clasp = JSON.parse(readFileSync('.clasp.json', 'utf8'));
    expect(clasp.rootDir).toBe('dist');
    expect(Object.keys(clasp).sort()).toEqual(['fileExtension', 'rootDir', 'scriptId']);
    expect(JSON.stringify(clasp)).not.toMatch(/token|secret|refresh|client_id|access/i);
  });

  it.each(['dialog.html', 'sidebar.html'])(
    '%s is one self-contained HTML file that loads nothing from the network',
    (name) => {
      const html = readFileSync(`dist/${name}`, 'utf8');
      expect(html).toMatch(/<script>[\s\S]+<\/script>/);
      expect(html).not.toMatch(/<script[^>]+src=/i);
      expect(html).not.toMatch(/<link[^>]+href=/i);
      expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
      expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
      // The template's placeholders were all filled (shared CSS first, then the page's own).
      expect(html).not.toContain('__PAGE_');
      expect(html).toContain('--accent:');
    },
  );

  it('clasp pushes exactly the built files the add-on needs', () => {
    const ignore = readFileSync('.claspignore', 'utf8');
    const pushed = [...ignore.matchAll(/^!(.+)$/gm)].map((m) => m[1]!).sort();
    expect(pushed).toEqual(['Code.js', 'appsscript.json', 'dialog.html', 'sidebar.html']);
  });
});
