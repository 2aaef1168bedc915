/** A tiny element builder: the dialog is small enough that a framework would cost more than it saves.
 *  Text goes through textContent only, so file names and cell values can never inject markup. */
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    } else if (key === 'className') {
      el.className = String(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function progressBar(fraction: number | null, label: string, testId: string): HTMLElement {
  const pct = fraction === null ? null : Math.max(0, Math.min(100, Math.round(fraction * 100)));
  const attrs: Attrs = {
    className: 'progress' + (pct === null ? ' indeterminate' : ''),
    role: 'progressbar',
    'aria-label': label,
    'aria-valuemin': 0,
    'aria-valuemax': 100,
  };
  if (pct !== null) attrs['aria-valuenow'] = pct;
  const bar = h('div', { className: 'progress-bar' });
  if (pct !== null) bar.style.width = `${pct}%`;
  return h(
    'div',
    { className: 'progress-wrap', 'data-testid': testId },
    h('div', attrs, bar),
    h('div', { className: 'progress-text' }, label),
  );
}

/** Updates a bar made by progressBar in place, so that an indeterminate animation keeps running
 *  instead of restarting on every repaint. */
export function updateProgressBar(wrap: HTMLElement, fraction: number | null, label: string): void {
  const track = wrap.querySelector<HTMLElement>('[role=progressbar]');
  const bar = wrap.querySelector<HTMLElement>('.progress-bar');
  const text = wrap.querySelector<HTMLElement>('.progress-text');
  if (!track || !bar || !text) return;
  const pct = fraction === null ? null : Math.max(0, Math.min(100, Math.round(fraction * 100)));
  track.classList.toggle('indeterminate', pct === null);
  track.setAttribute('aria-label', label);
  if (pct === null) {
    track.removeAttribute('aria-valuenow');
    bar.style.width = '';
  } else {
    track.setAttribute('aria-valuenow', String(pct));
    bar.style.width = `${pct}%`;
  }
  if (text.textContent !== label) text.textContent = label;
}
