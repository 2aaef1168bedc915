/**
 * The sidebar's states and transitions (pure; see src/ui/machine.ts):
 *   loading → explained | refused | failed   (the server's answer for the selected cell)
 *   explained: a row link → selecting → the row selected (or why not), the explanation kept.
 * A request made while another is pending wins: answers carry the request number they answer, and
 * an older one is dropped.
 */
import type { ExplainRefusal, ExplainView, SelectRowResponse } from '../core/model/explain';
import type { Lang } from '../ui/lang';

export type SidebarState =
  | { phase: 'loading'; lang: Lang; request: number }
  | {
      phase: 'explained';
      lang: Lang;
      request: number;
      view: ExplainView;
      /** The listed row being selected, the one selected last, and why a selection failed. */
      selecting: number | null;
      selected: number | null;
      selectError: string | null;
    }
  | { phase: 'refused'; lang: Lang; request: number; refusal: ExplainRefusal }
  | { phase: 'failed'; lang: Lang; request: number; message: string };

export type SidebarEvent =
  | { type: 'explain' }
  | { type: 'lang'; lang: Lang }
  | { type: 'answered'; request: number; response: ExplainView | ExplainRefusal }
  | { type: 'failed'; request: number; message: string }
  | { type: 'select'; index: number }
  | { type: 'selectAnswered'; index: number; response: SelectRowResponse }
  | { type: 'selectFailed'; index: number; message: string };

export const initialSidebar = (lang: Lang): SidebarState => ({ phase: 'loading', lang, request: 1 });

export function sidebarTransition(state: SidebarState, event: SidebarEvent): SidebarState {
  switch (event.type) {
    case 'explain':
      return { phase: 'loading', lang: state.lang, request: state.request + 1 };
    case 'lang':
      // The server words the explanation in the language: ask again.
      return event.lang === state.lang
        ? state
        : { phase: 'loading', lang: event.lang, request: state.request + 1 };
    case 'answered':
      if (event.request !== state.request) return state;
      return event.response.ok
        ? {
            phase: 'explained',
            lang: state.lang,
            request: state.request,
            view: event.response,
            selecting: null,
            selected: null,
            selectError: null,
          }
        : { phase: 'refused', lang: state.lang, request: state.request, refusal: event.response };
    case 'failed':
      if (event.request !== state.request) return state;
      return { phase: 'failed', lang: state.lang, request: state.request, message: event.message };
    case 'select':
      if (state.phase !== 'explained' || !state.view.rows[event.index]) return state;
      return { ...state, selecting: event.index, selectError: null };
    case 'selectAnswered':
      if (state.phase !== 'explained' || state.selecting !== event.index) return state;
      return event.response.ok
        ? { ...state, selecting: null, selected: event.index, selectError: null }
        : { ...state, selecting: null, selectError: event.response.message };
    case 'selectFailed':
      if (state.phase !== 'explained' || state.selecting !== event.index) return state;
      return { ...state, selecting: null, selectError: event.message };
  }
}
