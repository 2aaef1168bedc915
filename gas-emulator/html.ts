/**
 * HtmlService: HtmlOutput built from a string or from `<name>.html` next to the bundle (dist/).
 * Templates (scriptlets) are not emulated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gasError, messages } from './errors.js';
import { GAS_TYPE, GasObject } from './realm.js';

export const SandboxMode = Object.freeze({ EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' });
export const XFrameOptionsMode = Object.freeze({ ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' });

export class HtmlOutput extends GasObject {
  readonly [GAS_TYPE] = 'HtmlOutput';
  #content: string;
  #title = '';
  #width = 600;
  #height = 400;

  constructor(content: string) {
    super();
    this.#content = content;
  }

  getContent(): string {
    return this.#content;
  }

  setContent(content: unknown): this {
    this.#content = String(content);
    return this;
  }

  append(content: unknown): this {
    this.#content += String(content);
    return this;
  }

  getTitle(): string {
    return this.#title;
  }

  setTitle(title: unknown): this {
    this.#title = String(title);
    return this;
  }

  getWidth(): number {
    return this.#width;
  }

  setWidth(width: unknown): this {
    this.#width = Number(width);
    return this;
  }

  getHeight(): number {
    return this.#height;
  }

  setHeight(height: unknown): this {
    this.#height = Number(height);
    return this;
  }

  setSandboxMode(_mode: unknown): this {
    return this;
  }

  setXFrameOptionsMode(_mode: unknown): this {
    return this;
  }

  addMetaTag(_name: unknown, _content: unknown): this {
    return this;
  }

  setFaviconUrl(_url: unknown): this {
    return this;
  }
}

export interface HtmlSource {
  /** Directory holding `<name>.html` (the bundle's directory, e.g. dist/). */
  dir: string | undefined;
  /** In-memory files (name without '.html' -> content), checked first. */
  files: Readonly<Record<string, string>> | undefined;
}

export class HtmlServiceImpl extends GasObject {
  readonly [GAS_TYPE] = 'HtmlService';
  readonly #source: HtmlSource;

  constructor(source: HtmlSource) {
    super();
    this.#source = source;
  }

  get SandboxMode() {
    return SandboxMode;
  }

  get XFrameOptionsMode() {
    return XFrameOptionsMode;
  }

  createHtmlOutput(html?: unknown): HtmlOutput {
    return new HtmlOutput(html === undefined ? '' : String(html));
  }

  createHtmlOutputFromFile(filename: unknown): HtmlOutput {
    const name = String(filename).replace(/\.html$/, '');
    const inMemory = this.#source.files?.[name];
    if (inMemory !== undefined) return new HtmlOutput(inMemory);
    if (this.#source.dir !== undefined) {
      try {
        return new HtmlOutput(readFileSync(join(this.#source.dir, `${name}.html`), 'utf8'));
      } catch {
        // fall through to Apps Script's error
      }
    }
    throw gasError(messages.noHtmlFile(name));
  }
}
