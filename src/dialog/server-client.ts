/**
 * A promise wrapper over `google.script.run`. Responses are `unknown` until a zod schema has
 * checked them: the server is another program (and another deploy), so its answer is data to
 * validate, not a type to trust.
 */
import type { z } from 'zod';

interface ScriptRunner {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRunner;
  withFailureHandler(fn: (error: unknown) => void): ScriptRunner;
  [fn: string]: unknown;
}

interface GoogleScript {
  script: { run: ScriptRunner; host?: { close(): void } };
}

function googleScript(): GoogleScript | null {
  const g = (globalThis as { google?: GoogleScript }).google;
  return g?.script?.run ? g : null;
}

export class ServerError extends Error {
  constructor(
    message: string,
    readonly fn: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

/** Calls a server function and returns its raw, unvalidated result. */
export function callRaw(fn: string, ...args: unknown[]): Promise<unknown> {
  const g = googleScript();
  if (!g) return Promise.reject(new ServerError('google.script.run is not available', fn));
  return new Promise((resolve, reject) => {
    const runner = g.script.run
      .withSuccessHandler((value) => resolve(value))
      .withFailureHandler((error) => {
        const message =
          error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
        reject(new ServerError(message, fn));
      });
    const target = runner[fn];
    if (typeof target !== 'function') {
      reject(new ServerError(`server function ${fn} does not exist`, fn));
      return;
    }
    target.apply(runner, args);
  });
}

/** Calls a server function and validates the answer against `schema`. */
export async function call<S extends z.ZodType>(
  schema: S,
  fn: string,
  ...args: unknown[]
): Promise<z.infer<S>> {
  const raw = await callRaw(fn, ...args);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ServerError(`unexpected response from ${fn}: ${parsed.error.issues[0]?.message ?? ''}`, fn);
  }
  return parsed.data;
}

export function hasServerFunction(fn: string): boolean {
  const g = googleScript();
  if (!g) return false;
  // The real google.script.run exposes the server's public functions as properties.
  return typeof g.script.run[fn] === 'function';
}

/** Closes the dialog in Apps Script; a no-op in the local preview. */
export function closeDialog(): void {
  googleScript()?.script.host?.close();
}
