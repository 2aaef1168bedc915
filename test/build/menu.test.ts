// The check issue 2 describes, done without the project's emulator: onOpen in a bare V8 scope with
// AuthMode.NONE, where every service except menu building throws; the menu handlers must be top-level
// functions; the import handler, with full authorisation, shows the bundled dialog.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';

interface MenuItem {
  label: string;
  handler: string;
}

let code = '';
beforeAll(() => {
  code = readFileSync('dist/Code.js', 'utf8');
});

/** A service whose every property access throws, as protected services do in AuthMode.NONE. */
function forbidden(name: string): unknown {
  return new Proxy(
    {},
    {
      get(_t, prop) {
        throw new Error(`You do not have permission to call ${name}.${String(prop)}`);
      },
    },
  );
}

function menuRecorder(items: MenuItem[]) {
  const menu = {
    addItem(label: string, handler: string) {
      items.push({ label, handler });
      return menu;
    },
    addSeparator() {
      return menu;
    },
    addSubMenu() {
      return menu;
    },
    addToUi() {},
  };
  return menu;
}

function freshScope(services: Record<string, unknown>): vm.Context {
  const context = vm.createContext({ ...services });
  vm.runInContext(code, context, { filename: 'Code.js' });
  return context;
}

describe('onOpen in AuthMode.NONE', () => {
  it('builds a Korean menu whose handlers are top-level functions, touching nothing else', () => {
    const items: MenuItem[] = [];
    const ui = { createAddonMenu: () => menuRecorder(items), createMenu: () => menuRecorder(items) };
    const spreadsheetApp = new Proxy(
      {},
      {
        get(_t, prop) {
          if (prop === 'getUi') return () => ui;
          throw new Error(`You do not have permission to call SpreadsheetApp.${String(prop)}`);
        },
      },
    );
    const context = freshScope({
      SpreadsheetApp: spreadsheetApp,
      PropertiesService: forbidden('PropertiesService'),
      HtmlService: forbidden('HtmlService'),
      LockService: forbidden('LockService'),
      Session: forbidden('Session'),
      ScriptApp: forbidden('ScriptApp'),
      CacheService: forbidden('CacheService'),
      Utilities: forbidden('Utilities'),
    });
    vm.runInContext('onOpen({ authMode: "NONE" })', context);

    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items) {
      expect(item.label).toMatch(/[가-힣]/);
      expect(vm.runInContext(`typeof ${item.handler}`, context)).toBe('function');
    }
    expect(items.map((i) => i.label)).toContain('파일 가져오기…');
  });

  it('onInstall builds the same menu', () => {
    const items: MenuItem[] = [];
    const ui = { createAddonMenu: () => menuRecorder(items) };
    const context = freshScope({ SpreadsheetApp: { getUi: () => ui } });
    vm.runInContext('onInstall({ authMode: "NONE" })', context);
    expect(items.map((i) => i.handler)).toContain('showImportDialog');
  });
});

describe('the import menu item with full authorisation', () => {
  it('shows a modal dialog built from the bundled dialog.html', () => {
    const shown: { content: string; title: string }[] = [];
    const files: string[] = [];
    const output = (content: string) => {
      const o = {
        setWidth: () => o,
        setHeight: () => o,
        setTitle: () => o,
        getContent: () => content,
      };
      return o;
    };
    const context = freshScope({
      HtmlService: {
        createHtmlOutputFromFile(name: string) {
          files.push(name);
          return output(readFileSync(`dist/${name}.html`, 'utf8'));
        },
        createHtmlOutput: output,
      },
      SpreadsheetApp: {
        getUi: () => ({
          showModalDialog: (o: { getContent(): string }, title: string) =>
            shown.push({ content: o.getContent(), title }),
        }),
      },
      PropertiesService: { getUserProperties: () => ({ getProperty: () => null }) },
    });
    vm.runInContext('showImportDialog()', context);
    expect(files).toEqual(['dialog']);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toMatch(/[가-힣]/);
    expect(shown[0]?.content).toBe(readFileSync('dist/dialog.html', 'utf8'));
    expect(shown[0]?.content).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
  });
});
