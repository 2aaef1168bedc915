// Type-level test, checked by `npm run typecheck` (tsconfig.node.json includes test/**): the dialog's
// google.script.run calls are typed by src/addon/main.ts. Every line marked @ts-expect-error must be
// a type error; if the typing ever lets one through, tsc fails with "Unused '@ts-expect-error'".
// Nothing here runs (the function is never called).
import { z } from 'zod';
import { ImportBeginResponse } from '../../src/core/model/rpc';
import { call, type ServerArgs, type ServerFn } from '../../src/ui/server-client';

export function serverCallProbes(): void {
  // @ts-expect-error: main.ts exports no cjetImportStart (renaming a server function breaks the dialog)
  void call('cjetImportStart', z.unknown(), {});
  // @ts-expect-error: menu handlers are not google.script.run targets of the dialog
  void call('onOpen', z.unknown());
  // @ts-expect-error: cjetActivateTab takes a managed tab id
  void call('cjetActivateTab', z.boolean(), 'nope');
  // @ts-expect-error: the schema must produce what the server declares it returns
  void call('cjetActivateTab', z.string(), 'fees');
  // @ts-expect-error: cjetImportBegin's payload is an ImportBeginRequest
  void call('cjetImportBegin', ImportBeginResponse, { lang: 'ko' });
  void call('cjetActivateTab', z.boolean(), 'fees');
  const names: ServerFn[] = ['cjetImportBegin', 'cjetImportChunk', 'cjetImportFinish', 'cjetActivateTab'];
  const activate: ServerArgs<'cjetActivateTab'> = ['orders'];
  void names;
  void activate;
}
