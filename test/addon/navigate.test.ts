// The import summary's "탭 열기": the server brings a managed tab to the front, even after a rename.
import { describe, expect, it } from 'vitest';
import { callServer, createEnv, runExecution } from '../../gas-emulator';
import { normalizedMonth, runImport, SETTLEMENT_REPORTS } from './driver';

const activeSheetName = (env: ReturnType<typeof createEnv>) =>
  runExecution(env, 'main', [], {
    source: 'function main() { return SpreadsheetApp.getActiveSheet().getName(); }',
  }).result;

describe('cjetActivateTab', () => {
  it('activates the tab by id, also after the user renamed it, and refuses unknown ids', () => {
    const env = createEnv();
    runImport(env, normalizedMonth(5, { reports: SETTLEMENT_REPORTS }), { chunkRows: 500 });

    expect(callServer(env, 'cjetActivateTab', ['fees']).result).toBe(true);
    expect(activeSheetName(env)).toBe('수수료');

    env.spreadsheet.userRename('풀필먼트비용', '배송비 정리');
    expect(callServer(env, 'cjetActivateTab', ['fulfillment']).result).toBe(true);
    expect(activeSheetName(env)).toBe('배송비 정리');

    expect(() => callServer(env, 'cjetActivateTab', ['nope'])).toThrow();
  });

  it('answers false for a tab that does not exist yet', () => {
    const env = createEnv();
    expect(callServer(env, 'cjetActivateTab', ['orders']).result).toBe(false);
  });
});
