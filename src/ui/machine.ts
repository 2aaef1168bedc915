/**
 * The state machine both pages run on (the import dialog and the "이 숫자 설명" sidebar): the state is
 * one value, changed only by `send(event)` through a pure `transition(state, event)`, and the views
 * re-render from it. Transitions hold no DOM and no server calls, so they are tested in Node
 * (test/ui); effects (server calls, timers) run in the page's controller and end in another event.
 */
export interface Machine<S, E> {
  readonly state: S;
  send(event: E): void;
  /** Called after every transition that changed the state; returns an unsubscribe function. */
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

export function createMachine<S, E>(initial: S, transition: (state: S, event: E) => S): Machine<S, E> {
  let state = initial;
  const listeners = new Set<(state: S, previous: S) => void>();
  return {
    get state() {
      return state;
    },
    send(event) {
      const previous = state;
      state = transition(state, event);
      if (state !== previous) for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
