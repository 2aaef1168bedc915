/**
 * The dialog's frame, built when the page mounts it (never at import): header (shared with the
 * sidebar), the drop zone and hidden file input, the cards, the panel, and the footer with its
 * buttons. The parts re-render; the frame stays.
 */
import { h } from '../../ui/dom';
import { type Header, header } from '../../ui/header';

export interface Layout {
  header: Header;
  fileInput: HTMLInputElement;
  dropZone: HTMLButtonElement;
  dropTitle: HTMLElement;
  dropHint: HTMLElement;
  cards: HTMLElement;
  panel: HTMLElement;
  footerMsg: HTMLElement;
  importButton: HTMLButtonElement;
  retryButton: HTMLButtonElement;
  closeButton: HTMLButtonElement;
}

export interface LayoutActions {
  toggleLang(): void;
  importOrAgain(): void;
  retry(): void;
  close(): void;
}

export function buildLayout(root: HTMLElement, actions: LayoutActions): Layout {
  const top = header(actions.toggleLang);
  const fileInput = h('input', {
    type: 'file',
    multiple: true,
    accept: '.xlsx,.xls,.csv',
    className: 'visually-hidden',
    tabindex: -1,
    'aria-hidden': 'true',
    'data-testid': 'file-input',
  });
  const dropTitle = h('span', { className: 'drop-title' });
  const dropHint = h('span', { className: 'drop-hint' });
  const dropZone = h(
    'button',
    { type: 'button', className: 'dropzone', 'data-testid': 'dropzone', onclick: () => fileInput.click() },
    h('span', { className: 'drop-icon', 'aria-hidden': 'true' }, '⇪'),
    h('span', { className: 'drop-text' }, dropTitle, dropHint),
  );
  // Not aria-live: the cards repaint twice a second while parsing, which would make a screen reader chatter.
  const cards = h('section', { className: 'cards', 'data-testid': 'cards' });
  const panel = h('section', { className: 'panel', 'data-testid': 'panel', 'aria-live': 'polite' });
  const footerMsg = h('div', { className: 'footer-msg', id: 'footer-msg', 'data-testid': 'footer-msg' });
  const importButton = h('button', {
    type: 'button',
    className: 'primary',
    'data-testid': 'import',
    onclick: actions.importOrAgain,
  });
  const retryButton = h('button', {
    type: 'button',
    className: 'secondary',
    'data-testid': 'retry',
    hidden: true,
    onclick: actions.retry,
  });
  const closeButton = h('button', {
    type: 'button',
    className: 'secondary',
    'data-testid': 'close',
    hidden: true,
    onclick: actions.close,
  });
  root.append(
    top.el,
    h('main', {}, dropZone, fileInput, cards),
    // The plan / progress / summary stay in view below the scrolling cards.
    panel,
    h('footer', {}, footerMsg, h('div', { className: 'actions' }, retryButton, closeButton, importButton)),
  );
  return {
    header: top,
    fileInput,
    dropZone,
    dropTitle,
    dropHint,
    cards,
    panel,
    footerMsg,
    importButton,
    retryButton,
    closeButton,
  };
}
