/**
 * A promise wrapper over `google.script.run`, typed by the server module itself: the callable names
 * and the payload each one takes come from src/addon/main.ts (`import type`, resolved to its
 * declarations through the project reference in tsconfig.dialog.json), so renaming a server function
 * or changing its payload fails this project's type check. Responses are still `unknown` until a zod
 * schema whose output is the server's declared return type has checked them: the server is another
 * program (and another deploy), so its answer is data to validate, not a type to trust.
 */
import type { z } from 'zod';
import type * as ServerModule from '../addon/main';

type Server = typeof ServerModule;
/** The server functions the dialog calls (the `cjet…` exports; menu handlers are not for it). */
export type ServerFn = Extract<keyof Server, `cjet${string}`>;
/** What `fn` must be sent, and what it answers. */
export type ServerArgs<F extends ServerFn> = Parameters<Server[F]>;
export type ServerResult<F extends ServerFn> = ReturnType<Server[F]>;

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
function callRaw(fn: ServerFn, ...args: unknown[]): Promise<unknown> {
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

/** Calls server function `fn` with its declared payload and validates the answer against `schema`,
 *  whose output must be what `fn` is declared to return. */
export async function call<F extends ServerFn>(
  fn: F,
  schema: z.ZodType<ServerResult<F>>,
  ...args: ServerArgs<F>
): Promise<ServerResult<F>> {
  const raw = await callRaw(fn, ...args);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ServerError(`unexpected response from ${fn}: ${parsed.error.issues[0]?.message ?? ''}`, fn);
  }
  return parsed.data;
}

export function hasServerFunction(fn: ServerFn): boolean {
  const g = googleScript();
  if (!g) return false;
  // The real google.script.run exposes the server's public functions as properties.
  return typeof g.script.run[fn] === 'function';
}

/** Closes the dialog in Apps Script; a no-op in the local preview. */
export function closeDialog(): void {
  googleScript()?.script.host?.close();
}
