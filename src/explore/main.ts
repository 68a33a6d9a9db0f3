// litgraph explorer: a client of the public GraphQL API, bundled by esbuild into dist/explore and served at
// /explore. Vanilla TypeScript: five views and a panel do not need a framework, and the page stays small and fast.

import './style.css';
import { fileName, save, toGraphML, toJson, toPng, toSvg } from './exports';
import { fill, h, notice } from './dom';
import { showPaper } from './paper';
import { searchBox } from './search';
import { go, onStateChange, readState, type State } from './state';
import { homeView } from './views/home';
import { methodView } from './views/method';
import { relatedView } from './views/related';
import type { View, ViewRoot } from './views/view';

const title = h('h1', { id: 'view-title' });
const subtitle = h('p', { class: 'subtitle' });
const stage = h('div', { class: 'stage', id: 'stage' });
const list = h('div', { class: 'list', id: 'list', hidden: true });
const side = h('aside', { class: 'side', id: 'side', 'aria-label': 'Details' });
const paperPanel = h('aside', { class: 'paper-panel', id: 'paper', 'aria-label': 'Paper', hidden: true });
const status = h('p', { class: 'toast', role: 'status', 'aria-live': 'polite' });

const pictureBtn = h('button', { type: 'button', 'aria-pressed': 'true', on: { click: () => go({ list: false }) } }, 'Picture');
const listBtn = h('button', { type: 'button', 'aria-pressed': 'false', on: { click: () => go({ list: true }) } }, 'List');

const exportMenu = h(
  'details',
  { class: 'menu' },
  h('summary', { class: 'btn' }, 'Export'),
  h(
    'div',
    { class: 'menu-items', role: 'menu' },
    ...(
      [
        ['PNG image', 'png'],
        ['SVG image', 'svg'],
        ['GraphML', 'graphml'],
        ['JSON', 'json'],
      ] as const
    ).map(([label, ext]) => h('button', { type: 'button', role: 'menuitem', 'data-export': ext, on: { click: () => exportAs(ext) } }, label)),
  ),
);

const root: ViewRoot = {
  stage,
  list,
  side,
  title(text, sub = '') {
    title.textContent = text;
    subtitle.textContent = sub;
    document.title = sub ? `${sub} · ${text} · litgraph` : 'litgraph explorer';
  },
};

document.body.append(
  h('a', { class: 'skip', href: '#stage' }, 'Skip to the content'),
  h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: './', 'aria-label': 'litgraph explorer, start page', on: { click: (e) => (e.preventDefault(), go({ view: 'home' }, { fresh: true })) } }, logo(), h('span', {}, 'litgraph'), h('span', { class: 'product' }, 'explorer')),
    searchBox(),
    h(
      'nav',
      { 'aria-label': 'Views' },
      h('button', { type: 'button', class: 'nav', on: { click: () => go({ view: 'draft' }, { fresh: true }) } }, 'Draft'),
      h('a', { class: 'nav', href: '../' }, 'GraphiQL'),
    ),
  ),
  h(
    'div',
    { class: 'workspace' },
    h(
      'main',
      { class: 'main' },
      h('div', { class: 'toolbar' }, h('div', { class: 'titles' }, title, subtitle), h('div', { class: 'tools' }, h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show as' }, pictureBtn, listBtn), exportMenu)),
      stage,
      list,
    ),
    side,
  ),
  paperPanel,
  status,
);

let view: View | null = null;
let shownPaper = '';
let opener: HTMLElement | null = null;

function keyOf(s: State): string {
  if (s.view === 'home' || (!s.subject && s.view !== 'draft')) return 'home';
  return s.view === 'draft' ? 'draft' : `${s.view}:${s.subject}`;
}

function create(s: State): View {
  if (s.view === 'concept' && s.subject) return lazyConcept(s);
  if (s.view === 'method' && s.subject) return methodView(root, s);
  if (s.view === 'related' && s.subject) return relatedView(root, s, 'paper');
  if (s.view === 'draft') return relatedView(root, s, 'draft');
  return homeView(root);
}

function render(s: State): void {
  if (!view || view.key !== keyOf(s)) {
    view?.destroy();
    fill(stage);
    fill(list);
    fill(side);
    view = create(s);
  } else {
    view.update(s);
  }
  const home = view.key === 'home';
  document.body.classList.toggle('is-home', home);
  const asList = s.list && !home;
  stage.hidden = asList;
  list.hidden = !asList;
  pictureBtn.setAttribute('aria-pressed', String(!asList));
  listBtn.setAttribute('aria-pressed', String(asList));
  if (s.paper !== shownPaper) {
    // Focus goes into the panel when it opens and back to what opened it when it closes.
    if (!shownPaper && s.paper) opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (shownPaper && !s.paper && opener?.isConnected) opener.focus();
    shownPaper = s.paper;
    paperPanel.hidden = !s.paper;
    document.body.classList.toggle('has-paper', !!s.paper);
    if (s.paper) void showPaper(paperPanel, s.paper);
  }
}

/**
 * The concept map's module (sigma, graphology, ForceAtlas2: most of the code) is loaded when a map is first opened,
 * so the other views paint sooner.
 */
function lazyConcept(s: State): View {
  let inner: View | null = null;
  let latest = s;
  let dead = false;
  root.title('Concept map', s.subject);
  fill(stage, notice('loading', `Loading the neighbourhood of “${s.subject}”…`));
  import('./views/concept')
    .then(({ conceptView }) => {
      if (!dead) inner = conceptView(root, latest);
    })
    .catch((err: Error) => fill(stage, notice('error', `Could not load the concept map: ${err.message}`)));
  return {
    key: `concept:${s.subject}`,
    update(next) {
      latest = next;
      inner?.update(next);
    },
    destroy() {
      dead = true;
      inner?.destroy();
    },
    graph: () => inner?.graph() ?? null,
    picture: () => inner?.picture() ?? null,
  };
}

async function exportAs(ext: 'png' | 'svg' | 'graphml' | 'json'): Promise<void> {
  exportMenu.open = false;
  const g = view?.graph();
  const picture = view?.picture();
  if (!g || ((ext === 'png' || ext === 'svg') && !picture)) {
    status.textContent = 'Nothing to export in this view yet.';
    return;
  }
  const name = fileName(g.name, ext);
  if (ext === 'json') save(name, toJson(g));
  else if (ext === 'graphml') save(name, toGraphML(g));
  else if (ext === 'svg') save(name, toSvg(picture!));
  else save(name, await toPng(picture!));
  status.textContent = `Saved ${name}`;
  setTimeout(() => status.textContent === `Saved ${name}` && (status.textContent = ''), 2000);
}

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && readState().paper && !(e.target as HTMLElement).closest('.search')) go({ paper: '' });
});

function logo(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML =
    '<g stroke="#a5b4fc" stroke-width="1.6"><line x1="6" y1="7" x2="17" y2="5"/><line x1="6" y1="7" x2="12" y2="18"/><line x1="17" y1="5" x2="12" y2="18"/><line x1="17" y1="5" x2="20" y2="14"/></g>' +
    '<circle cx="6" cy="7" r="3" fill="#818cf8"/><circle cx="17" cy="5" r="2.4" fill="#f59e0b"/><circle cx="12" cy="18" r="3.2" fill="#4f46e5"/><circle cx="20" cy="14" r="1.8" fill="#db2777"/>';
  return svg;
}

onStateChange(render);
render(readState());
