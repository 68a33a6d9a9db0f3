// Everything on screen is a function of the URL: what is open, how it is shown, the related-work weights. Links
// can be shared, and back/forward step through what the reader did.

import { DEFAULT_WEIGHTS, SIGNALS, type Weights } from './api';

export type ViewName = 'home' | 'concept' | 'method' | 'related' | 'draft';

export interface State {
  view: ViewName;
  /** concept view: the centre concept; method view: the method; related view: the paper id. */
  subject: string;
  /** concept view: concepts expanded by a click, in order. */
  expanded: string[];
  /** concept view: the concept whose details the side panel shows (default: the centre). */
  selected: string;
  /** The paper open in the paper panel. */
  paper: string;
  /** Show the list instead of the picture. */
  list: boolean;
  weights: Weights;
  /** draft view: the pasted text. */
  text: string;
}

const VIEWS: ViewName[] = ['home', 'concept', 'method', 'related', 'draft'];

export function readState(url: URL = new URL(location.href)): State {
  const q = url.searchParams;
  const view = VIEWS.find((v) => v === q.get('view')) ?? 'home';
  const weights = { ...DEFAULT_WEIGHTS };
  for (const part of (q.get('w') ?? '').split(',')) {
    const [name, value] = part.split(':');
    const n = Number(value);
    if ((SIGNALS as readonly string[]).includes(name) && value !== '' && Number.isFinite(n) && n >= 0) {
      weights[name as keyof Weights] = n;
    }
  }
  return {
    view,
    subject: q.get('s') ?? '',
    expanded: (q.get('x') ?? '').split('|').filter(Boolean),
    selected: q.get('sel') ?? '',
    paper: q.get('paper') ?? '',
    list: q.get('list') === '1',
    weights,
    text: q.get('text') ?? '',
  };
}

export function weightsChanged(w: Weights): boolean {
  return SIGNALS.some((k) => Math.abs(w[k] - DEFAULT_WEIGHTS[k]) > 1e-9);
}

export function stateUrl(state: State): string {
  const q = new URLSearchParams();
  if (state.view !== 'home') q.set('view', state.view);
  if (state.subject) q.set('s', state.subject);
  if (state.expanded.length) q.set('x', state.expanded.join('|'));
  if (state.selected) q.set('sel', state.selected);
  if (state.paper) q.set('paper', state.paper);
  if (state.list) q.set('list', '1');
  if (weightsChanged(state.weights)) q.set('w', SIGNALS.map((k) => `${k}:${+state.weights[k].toFixed(3)}`).join(','));
  if (state.text) q.set('text', state.text);
  const search = q.toString();
  return `${location.pathname}${search ? `?${search}` : ''}`;
}

type Listener = (state: State) => void;
let listener: Listener = () => undefined;

export function onStateChange(fn: Listener): void {
  listener = fn;
  window.addEventListener('popstate', () => listener(readState()));
}

/**
 * Moves to a new state: a new history entry (back returns here), or with `replace` the same entry (slider drags,
 * typing, which should not fill the history).
 */
export function go(patch: Partial<State>, options: { replace?: boolean; fresh?: boolean } = {}): void {
  const base = options.fresh ? readState(new URL(location.pathname, location.href)) : readState();
  const next: State = { ...base, ...patch };
  if (options.fresh && !patch.weights) next.weights = readState().weights;
  const url = stateUrl(next);
  if (url === `${location.pathname}${location.search}`) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listener(next);
}

/**
 * A real link to a state (open in a new tab works, the URL shows on hover); a plain click moves in place.
 */
export function link(patch: Partial<State>, text: string | Node, className = 'link', options: { fresh?: boolean } = {}): HTMLAnchorElement {
  const base = options.fresh ? { ...readState(new URL(location.pathname, location.href)), weights: readState().weights } : readState();
  const a = document.createElement('a');
  a.className = className;
  a.href = stateUrl({ ...base, ...patch });
  a.append(text);
  a.addEventListener('click', (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go(patch, options);
  });
  return a;
}
