/**
 * The state machines of the two pages (src/ui/machine.ts), in Node: the dialog's import flow and the
 * sidebar's explanation. Transitions are pure, so every step a page takes is checked here without a
 * browser; the browser tests (test/browser) drive the same machines through their views.
 */
import { describe, expect, it } from 'vitest';
import type { ExplainRefusal, ExplainView } from '../../src/core/model/explain';
import type { ImportFinishResponse } from '../../src/core/model/rpc';
import {
  type FlowState,
  flowTransition,
  initialFlow,
  planCurrent,
  readyPlan,
  removalsPending,
} from '../../src/dialog/machine';
import { initialSidebar, type SidebarState, sidebarTransition } from '../../src/sidebar/machine';
import { createMachine } from '../../src/ui/machine';

const progress = { step: 'chunks' as const, done: 1, total: 3, rowsDone: 10, rowsTotal: 30 };
const plan = (rows: number) =>
  ({ removals: { rows, amount: rows * 1000, scopes: [] } }) as unknown as ImportFinishResponse;

describe('createMachine', () => {
  it('notifies on a change only, with the previous state', () => {
    const m = createMachine<number, number>(0, (s, e) => (e === 0 ? s : s + e));
    const seen: [number, number][] = [];
    const stop = m.subscribe((s, p) => seen.push([s, p]));
    m.send(2);
    m.send(0);
    stop();
    m.send(1);
    expect(seen).toEqual([[2, 0]]);
    expect(m.state).toBe(3);
  });
});

describe('the dialog’s import flow', () => {
  const run = (...events: Parameters<typeof flowTransition>[1][]) =>
    events.reduce<FlowState>((s, e) => flowTransition(s, e), initialFlow);

  it('a plan belongs to its key: progress and answers for another key change nothing', () => {
    const loading = run({ type: 'planStarted', key: 'a' });
    expect(planCurrent(loading, 'a')).toBe(true);
    expect(flowTransition(loading, { type: 'planProgress', key: 'b', progress })).toBe(loading);
    const ready = run({ type: 'planStarted', key: 'a' }, { type: 'planReady', key: 'a', result: plan(0) });
    expect(readyPlan(ready, 'a')).not.toBeNull();
    expect(readyPlan(ready, 'b')).toBeNull();
    // An error is planned again.
    expect(planCurrent(run({ type: 'planFailed', key: 'a', message: 'x' }), 'a')).toBe(false);
  });

  it('removals wait for consent to that plan; new files withdraw it', () => {
    const ready = run({ type: 'planReady', key: 'a', result: plan(4) });
    expect(removalsPending(ready, 'a')).toBe(true);
    const consented = flowTransition(ready, { type: 'consent', key: 'a' });
    expect(removalsPending(consented, 'a')).toBe(false);
    const changed = flowTransition(consented, { type: 'invalidate' });
    expect([changed.plan.status, changed.consent]).toEqual(['idle', null]);
    expect(removalsPending(run({ type: 'planReady', key: 'a', result: plan(0) }), 'a')).toBe(false);
  });

  it('an import runs, fails, resumes and finishes; a refused removal goes back to planning with the reason', () => {
    const failed = run(
      { type: 'planReady', key: 'a', result: plan(0) },
      { type: 'importRunning', progress },
      { type: 'importFailed', progress, message: 'chunk 2' },
    );
    expect(failed.importState).toMatchObject({ phase: 'failed', message: 'chunk 2' });
    const done = flowTransition(flowTransition(failed, { type: 'importRunning', progress }), {
      type: 'importDone',
      result: plan(0),
      files: [],
    });
    expect(done.importState?.phase).toBe('done');
    expect(flowTransition(done, { type: 'reset' })).toBe(initialFlow);
    const refused = flowTransition(failed, { type: 'removalsRefused', message: 'not confirmed' });
    expect(refused).toEqual({
      plan: { status: 'idle' },
      importState: null,
      consent: null,
      refusal: 'not confirmed',
    });
    // The next import clears the reason.
    expect(flowTransition(refused, { type: 'importRunning', progress }).refusal).toBeNull();
  });
});

describe('the sidebar', () => {
  const view = { ok: true, rows: [{ row: 5 }, { row: 9 }] } as unknown as ExplainView;
  const refusal = { ok: false, reason: 'header', message: 'm', tab: null, cell: null } as ExplainRefusal;

  it('answers for an older request are dropped; a language change asks again', () => {
    const start = initialSidebar('ko');
    const again = sidebarTransition(start, { type: 'explain' });
    expect(again).toMatchObject({ phase: 'loading', request: 2 });
    expect(sidebarTransition(again, { type: 'answered', request: 1, response: view })).toBe(again);
    const explained = sidebarTransition(again, { type: 'answered', request: 2, response: view });
    expect(explained.phase).toBe('explained');
    expect(sidebarTransition(explained, { type: 'lang', lang: 'en' })).toMatchObject({
      phase: 'loading',
      lang: 'en',
      request: 3,
    });
    expect(sidebarTransition(explained, { type: 'lang', lang: 'ko' })).toBe(explained);
    expect(sidebarTransition(again, { type: 'answered', request: 2, response: refusal })).toMatchObject({
      phase: 'refused',
    });
    expect(sidebarTransition(again, { type: 'failed', request: 2, message: 'x' })).toMatchObject({
      phase: 'failed',
    });
  });

  it('a row link: selecting, then selected or the reason; answers for another row are dropped', () => {
    const explained = sidebarTransition(initialSidebar('ko'), {
      type: 'answered',
      request: 1,
      response: view,
    });
    expect(sidebarTransition(explained, { type: 'select', index: 7 })).toBe(explained);
    const selecting = sidebarTransition(explained, { type: 'select', index: 1 }) as Extract<
      SidebarState,
      { phase: 'explained' }
    >;
    expect(selecting.selecting).toBe(1);
    const ok = { ok: true, row: 9, tab: '주문', message: '' };
    expect(sidebarTransition(selecting, { type: 'selectAnswered', index: 0, response: ok })).toBe(selecting);
    expect(sidebarTransition(selecting, { type: 'selectAnswered', index: 1, response: ok })).toMatchObject({
      selecting: null,
      selected: 1,
    });
    expect(
      sidebarTransition(selecting, {
        type: 'selectAnswered',
        index: 1,
        response: { ...ok, ok: false, message: 'gone' },
      }),
    ).toMatchObject({ selected: null, selectError: 'gone' });
    expect(sidebarTransition(selecting, { type: 'selectFailed', index: 1, message: 'down' })).toMatchObject({
      selectError: 'down',
    });
  });
});
