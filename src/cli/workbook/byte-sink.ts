/**
 * Writes sheet XML straight into byte blocks handed to the deflater: generating 50,000 rows as
 * JavaScript strings (one per cell, then joined and encoded) spent more time collecting garbage
 * than writing. Markup is ASCII and goes in as it is; cell text is encoded once, where it lands.
 */
import { encodeXstring, NEEDS_ENCODING } from './xml';

const BLOCK = 1 << 20;

export class ByteSink {
  private block = Buffer.allocUnsafe(BLOCK);
  private at = 0;

  /** `emit` receives each full block (it keeps it: a new one is allocated). */
  constructor(private readonly emit: (bytes: Buffer) => Promise<void> | undefined) {}

  /** Markup, escaped already (mostly ASCII: short ASCII strings are copied by hand, a native call
   *  costs more than the copy; anything else goes through the UTF-8 encoder). */
  raw(text: string): void {
    const length = text.length;
    if (length > 64) {
      this.markup(text);
      return;
    }
    if (this.at + length > BLOCK) this.rotate();
    const block = this.block;
    let at = this.at;
    for (let k = 0; k < length; k++) {
      const code = text.charCodeAt(k);
      if (code >= 0x80) {
        this.markup(text);
        return;
      }
      block[at++] = code;
    }
    this.at = at;
  }

  /** An integer (row numbers, serial dates, KRW), digit by digit. */
  int(n: number): void {
    if (!Number.isSafeInteger(n)) {
      this.raw(String(n));
      return;
    }
    if (this.at + 24 > BLOCK) this.rotate();
    const block = this.block;
    let value = n;
    if (value < 0) {
      block[this.at++] = 0x2d;
      value = -value;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.at + digits;
    this.at = at;
    do {
      block[--at] = 0x30 + (value % 10);
      value = Math.floor(value / 10);
    } while (value > 0);
  }

  /** Text content, XML-escaped (ST_Xstring). */
  text(value: string): void {
    const text = NEEDS_ENCODING.test(value) ? encodeXstring(value) : value;
    const length = text.length;
    if (this.at + length * 3 > BLOCK) this.rotate();
    if (length * 3 > BLOCK) {
      this.pending(this.emit(Buffer.from(text, 'utf8')));
      return;
    }
    if (length <= 64) {
      // ASCII by hand; anything else through the encoder.
      const block = this.block;
      let at = this.at;
      let k = 0;
      for (; k < length; k++) {
        const code = text.charCodeAt(k);
        if (code >= 0x80) break;
        block[at++] = code;
      }
      if (k === length) {
        this.at = at;
        return;
      }
    }
    this.at += this.block.write(text, this.at, 'utf8');
  }

  /** Markup that is already escaped (a head, a tail, a rewritten start tag): UTF-8 as it is. */
  markup(text: string): void {
    if (this.at + text.length * 3 > BLOCK) this.rotate();
    if (text.length * 3 > BLOCK) {
      this.pending(this.emit(Buffer.from(text, 'utf8')));
      return;
    }
    this.at += this.block.write(text, this.at, 'utf8');
  }

  /** Already encoded bytes (copied from the source sheet). */
  bytes(bytes: Uint8Array): void {
    if (bytes.length > BLOCK / 4) {
      this.rotate();
      this.pending(this.emit(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
      return;
    }
    if (this.at + bytes.length > BLOCK) this.rotate();
    this.block.set(bytes, this.at);
    this.at += bytes.length;
  }

  private waits: Promise<void>[] = [];

  private pending(wait: Promise<void> | undefined): void {
    if (wait) this.waits.push(wait);
  }

  private rotate(): void {
    if (this.at === 0) return;
    this.pending(this.emit(this.block.subarray(0, this.at)));
    this.block = Buffer.allocUnsafe(BLOCK);
    this.at = 0;
  }

  /** Bytes taken but not handed over yet. */
  get buffered(): number {
    return this.at;
  }

  /** Resolves when the consumer has room again (call between rows). */
  drained(): Promise<void> | undefined {
    if (this.waits.length === 0) return undefined;
    const waits = this.waits;
    this.waits = [];
    return Promise.all(waits).then(() => undefined);
  }

  /** Hands over what is left. */
  flush(): Promise<void> | undefined {
    this.rotate();
    return this.drained();
  }
}
