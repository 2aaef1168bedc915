/**
 * Ui (SpreadsheetApp.getUi()): menus, alerts, prompts, dialogs and sidebars. Everything shown is
 * recorded in `env.ui` so tests can assert it. Building menus works in every auth mode; showing
 * anything needs authorization (see auth.ts).
 */
import { gasError, messages, signatureError } from './errors.js';
import { HtmlOutput } from './html.js';
import { GAS_TYPE, GasObject } from './realm.js';

export const ButtonSet = Object.freeze({
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
});
export const Button = Object.freeze({ CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' });

export type MenuEntry =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; menu: MenuRecord };

export interface MenuRecord {
  kind: 'addon' | 'custom';
  caption: string;
  items: MenuEntry[];
}

export interface ShownRecord {
  kind: 'modal' | 'modeless' | 'sidebar';
  title: string;
  html: string;
  width: number;
  height: number;
}

export interface AlertRecord {
  kind: 'alert' | 'prompt';
  title: string;
  prompt: string;
  buttons: string;
}

/** Persistent UI record (env side). Queue `responses` to answer alerts/prompts. */
export class UiState {
  menus: MenuRecord[] = [];
  readonly shown: ShownRecord[] = [];
  readonly alerts: AlertRecord[] = [];
  readonly responses: { button: string; text?: string }[] = [];

  /** All menu items flattened (submenus included). */
  menuItems(): { caption: string; functionName: string }[] {
    const out: { caption: string; functionName: string }[] = [];
    const walk = (items: MenuEntry[]) => {
      for (const e of items) {
        if (e.kind === 'item') out.push({ caption: e.caption, functionName: e.functionName });
        else if (e.kind === 'submenu') walk(e.menu.items);
      }
    };
    for (const m of this.menus) walk(m.items);
    return out;
  }
}

export class Menu extends GasObject {
  readonly [GAS_TYPE] = 'Menu';
  readonly #record: MenuRecord;
  readonly #state: UiState;

  constructor(state: UiState, record: MenuRecord) {
    super();
    this.#state = state;
    this.#record = record;
  }

  _record(): MenuRecord {
    return this.#record;
  }

  addItem(caption: unknown, functionName: unknown): this {
    if (typeof caption !== 'string' || typeof functionName !== 'string') {
      throw signatureError([caption, functionName], 'Menu.addItem');
    }
    this.#record.items.push({ kind: 'item', caption, functionName });
    return this;
  }

  addSeparator(): this {
    this.#record.items.push({ kind: 'separator' });
    return this;
  }

  addSubMenu(menu: unknown): this {
    if (!(menu instanceof Menu)) throw signatureError([menu], 'Menu.addSubMenu');
    this.#record.items.push({ kind: 'submenu', menu: menu._record() });
    return this;
  }

  /** Replaces a previously added menu of the same kind and caption (each onOpen rebuilds it). */
  addToUi(): void {
    const r = this.#record;
    this.#state.menus = this.#state.menus.filter((m) => !(m.kind === r.kind && m.caption === r.caption));
    this.#state.menus.push(structuredClone(r));
  }
}

export class PromptResponse extends GasObject {
  readonly [GAS_TYPE] = 'PromptResponse';
  readonly #text: string;
  readonly #button: string;

  constructor(text: string, button: string) {
    super();
    this.#text = text;
    this.#button = button;
  }

  getResponseText(): string {
    return this.#text;
  }

  getSelectedButton(): string {
    return this.#button;
  }
}

function defaultButton(buttons: string): string {
  return buttons === 'YES_NO' || buttons === 'YES_NO_CANCEL' ? 'YES' : 'OK';
}

export class Ui extends GasObject {
  readonly [GAS_TYPE] = 'Ui';
  readonly #state: UiState;
  readonly #addonName: string;

  constructor(state: UiState, addonName: string) {
    super();
    this.#state = state;
    this.#addonName = addonName;
  }

  get ButtonSet() {
    return ButtonSet;
  }

  get Button() {
    return Button;
  }

  createMenu(caption: unknown): Menu {
    if (typeof caption !== 'string') throw signatureError([caption], 'Ui.createMenu');
    return new Menu(this.#state, { kind: 'custom', caption, items: [] });
  }

  createAddonMenu(): Menu {
    return new Menu(this.#state, { kind: 'addon', caption: this.#addonName, items: [] });
  }

  #dialog(...args: unknown[]): { title: string; prompt: string; buttons: string } {
    const [a, b, c] = args;
    if (args.length >= 3) return { title: String(a), prompt: String(b), buttons: String(c) };
    if (args.length === 2) return { title: '', prompt: String(a), buttons: String(b) };
    if (args.length === 1) return { title: '', prompt: String(a), buttons: 'OK' };
    throw signatureError(args, 'Ui.alert');
  }

  /** Answers with the next queued response, else the first button (OK / YES). */
  alert(...args: unknown[]): string {
    const d = this.#dialog(...args);
    this.#state.alerts.push({ kind: 'alert', ...d });
    return this.#state.responses.shift()?.button ?? defaultButton(d.buttons);
  }

  prompt(...args: unknown[]): PromptResponse {
    const d = this.#dialog(...args);
    if (args.length === 1) d.buttons = 'OK';
    this.#state.alerts.push({ kind: 'prompt', ...d });
    const r = this.#state.responses.shift();
    return new PromptResponse(r?.text ?? '', r?.button ?? defaultButton(d.buttons));
  }

  #show(kind: ShownRecord['kind'], output: unknown, title: unknown): void {
    if (!(output instanceof HtmlOutput)) throw gasError(messages.invalidArgument('userInterface'));
    this.#state.shown.push({
      kind,
      title: title === undefined ? output.getTitle() : String(title),
      html: output.getContent(),
      width: output.getWidth(),
      height: output.getHeight(),
    });
  }

  showModalDialog(userInterface: unknown, title: unknown): void {
    this.#show('modal', userInterface, title);
  }

  showModelessDialog(userInterface: unknown, title: unknown): void {
    this.#show('modeless', userInterface, title);
  }

  showSidebar(userInterface: unknown): void {
    this.#show('sidebar', userInterface, undefined);
  }
}
