/** The header both pages share: a title and the language toggle (한국어 ⇄ English). */
import { h } from './dom';

export type { Lang } from './lang';

export interface Header {
  el: HTMLElement;
  render(title: string, toggleLabel: string): void;
}

export function header(onToggle: () => void, ...extra: HTMLElement[]): Header {
  const title = h('h1', {});
  const toggle = h('button', {
    type: 'button',
    className: 'lang',
    'data-testid': 'lang-toggle',
    onclick: onToggle,
  });
  const el = h('header', {}, title, ...extra, toggle);
  return {
    el,
    render(text, toggleLabel) {
      title.textContent = text;
      document.title = text;
      if (toggle.textContent !== toggleLabel) toggle.textContent = toggleLabel;
    },
  };
}

/** Won, grouped by thousands (the tabs' #,##0). */
export function won(n: number): string {
  // −0 (a sign applied to an empty sum) reads as 0.
  return (n === 0 ? 0 : n).toLocaleString('en-US');
}
