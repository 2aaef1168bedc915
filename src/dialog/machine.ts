/**
 * Where the import stands, as one value changed only by events (src/ui/machine.ts): the dry-run plan
 * for the files as they are now, the real import (running, failed, done), the seller's consent to
 * removals, and why the server last refused. Pure: no DOM, no server calls (app.ts runs those and
 * reports their outcome as events); tested in Node (test/ui/dialog-machine.test.ts).
 *
 * A plan is only valid for the `key` it was made for (importKey: exactly what would be imported): an
 * answer for an older key is dropped, and consent is given to one plan's key.
 */
import type { FileSummary } from '../core/model/records';
import type { ImportFinishResponse } from '../core/model/rpc';
import type { SessionProgress } from './import-runner';

export type PlanState =
  | { status: 'idle' }
  | { status: 'loading'; key: string; progress: SessionProgress | null }
  | { status: 'ready'; key: string; result: ImportFinishResponse }
  | { status: 'error'; key: string; message: string };

export type ImportState =
  | { phase: 'running'; progress: SessionProgress }
  | { phase: 'failed'; progress: SessionProgress; message: string }
  | { phase: 'done'; result: ImportFinishResponse; files: FileSummary[] };

export interface FlowState {
  plan: PlanState;
  importState: ImportState | null;
  /** The seller ticked "remove these rows" for the plan with this key (a new plan asks again). */
  consent: string | null;
  /** Why the last import stopped before its removals (the server refused them): shown above the plan. */
  refusal: string | null;
}

export type FlowEvent =
  /** The files (or a v1 period) changed: the plan is stale, and so is any consent. */
  | { type: 'invalidate' }
  | { type: 'planStarted'; key: string }
  | { type: 'planProgress'; key: string; progress: SessionProgress }
  | { type: 'planReady'; key: string; result: ImportFinishResponse }
  | { type: 'planFailed'; key: string; message: string }
  | { type: 'consent'; key: string | null }
  /** The real import starts or resumes (다시 시도), or reports progress. */
  | { type: 'importRunning'; progress: SessionProgress }
  | { type: 'importDone'; result: ImportFinishResponse; files: FileSummary[] }
  | { type: 'importFailed'; progress: SessionProgress; message: string }
  /** The server refused removals the plan never announced (the book changed): plan again, ask again. */
  | { type: 'removalsRefused'; message: string }
  /** 다른 파일 가져오기 / files changed after an import: back to the start. */
  | { type: 'reset' };

export const initialFlow: FlowState = {
  plan: { status: 'idle' },
  importState: null,
  consent: null,
  refusal: null,
};

export function flowTransition(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case 'invalidate':
      return { ...state, plan: { status: 'idle' }, consent: null };
    case 'planStarted':
      return { ...state, plan: { status: 'loading', key: event.key, progress: null } };
    case 'planProgress':
      return state.plan.status === 'loading' && state.plan.key === event.key
        ? { ...state, plan: { ...state.plan, progress: event.progress } }
        : state;
    case 'planReady':
      return { ...state, plan: { status: 'ready', key: event.key, result: event.result } };
    case 'planFailed':
      return { ...state, plan: { status: 'error', key: event.key, message: event.message } };
    case 'consent':
      return { ...state, consent: event.key };
    case 'importRunning':
      return { ...state, refusal: null, importState: { phase: 'running', progress: event.progress } };
    case 'importDone':
      return { ...state, importState: { phase: 'done', result: event.result, files: event.files } };
    case 'importFailed':
      return {
        ...state,
        importState: { phase: 'failed', progress: event.progress, message: event.message },
      };
    case 'removalsRefused':
      return { plan: { status: 'idle' }, importState: null, consent: null, refusal: event.message };
    case 'reset':
      return initialFlow;
  }
}

/** The plan made for exactly these files, when it is ready. */
export function readyPlan(state: FlowState, key: string): ImportFinishResponse | null {
  return state.plan.status === 'ready' && state.plan.key === key ? state.plan.result : null;
}

/** The ready plan removes rows of the book: the import waits for the seller's explicit consent. */
export function removalsPending(state: FlowState, key: string): boolean {
  const plan = readyPlan(state, key);
  return plan !== null && plan.removals.rows > 0 && state.consent !== key;
}

/** Is a plan for `key` already there or on its way (an error is planned again)? */
export function planCurrent(state: FlowState, key: string): boolean {
  return state.plan.status !== 'idle' && state.plan.status !== 'error' && state.plan.key === key;
}
