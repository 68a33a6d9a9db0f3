// The related-work map: a paper (or a pasted draft) at the centre, its related papers around it, nearer the better
// they score; every paper says why (signal contributions as a stacked bar, shared concepts and methods). The
// weight sliders re-rank live, through the same relatedPapers / relatedToText queries any client would send.

import { ApiError, DEFAULT_WEIGHTS, gql, RELATED, RELATED_TO_TEXT, SIGNALS, type PaperRef, type Related, type SignalName, type Weights } from '../api';
import type { GraphExport } from '../exports';
import { debounce, fill, h, notice, s } from '../dom';
import { go, link, weightsChanged, type State } from '../state';
import type { View, ViewRoot } from './view';

const FIRST = 15;
export const SIGNAL_COLOUR: Record<SignalName, string> = {
  embedding: '#4f46e5',
  lexical: '#0891b2',
  concepts: '#f59e0b',
  methods: '#db2777',
  community: '#16a34a',
  coupling: '#7c3aed',
  cocitation: '#b45309',
};
const SIGNAL_HELP: Record<SignalName, string> = {
  embedding: 'meaning: cosine of the sentence embeddings',
  lexical: 'words: BM25 of the title and abstract',
  concepts: 'shared concepts, rare and prominent ones count more',
  methods: 'the same method or its lineage',
  community: 'overlap of concept communities',
  coupling: 'cites the same papers (when citations are known)',
  cocitation: 'cited together by the same papers (when citations are known)',
};

function bar(r: Related): HTMLElement {
  const total = Math.max(r.score, 1e-9);
  return h(
    'div',
    { class: 'signal-bar', role: 'img', 'aria-label': r.signals.map((x) => `${x.name} ${(x.contribution * 100).toFixed(0)}%`).join(', ') },
    r.signals
      .filter((x) => x.contribution > 0)
      .map((x) => h('span', { style: `width:${(100 * x.contribution) / total}%;background:${SIGNAL_COLOUR[x.name as SignalName] ?? '#999'}`, title: `${x.name}: contributes ${x.contribution.toFixed(3)} (raw ${x.value.toFixed(3)})` })),
  );
}

function strongest(r: Related): SignalName {
  return r.signals.reduce((a, b) => (b.contribution > a.contribution ? b : a)).name as SignalName;
}

function radial(center: string, items: Related[], onOpen: (id: string) => void): SVGSVGElement {
  const W = 940;
  const H = 560;
  const cx = W / 2;
  const cy = H / 2;
  const max = Math.max(...items.map((r) => r.score), 1e-9);
  const min = Math.min(...items.map((r) => r.score));
  // Distance spreads the scores on screen from the best (inner ring) to the weakest shown (outer ring).
  const placed = items.map((r, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * (i + 0.5)) / items.length;
    const dist = 100 + ((max - r.score) / (max - min || 1)) * 140;
    return { r, i, x: cx + dist * 1.15 * Math.cos(angle), y: cy + dist * 0.85 * Math.sin(angle), angle };
  });
  const short = (t: string, n: number) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
  // A title beside each paper unless it would overlap one already placed (best first): the number and the tooltip
  // still name it, and the list beside the map has every title.
  const taken: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const label = (p: { r: Related; x: number; y: number }, outward: boolean) => {
    const text = short(p.r.paper.title, 30);
    const width = text.length * 5.8;
    // The outward side first, then the other, then above the node.
    for (const side of [outward ? 'right' : 'left', outward ? 'left' : 'right', 'above'] as const) {
      const x = side === 'right' ? p.x + 22 : side === 'left' ? p.x - 22 : p.x;
      const y = side === 'above' ? p.y - 22 : p.y + 4;
      const x0 = side === 'right' ? x : side === 'left' ? x - width : x - width / 2;
      const b = { x0, x1: x0 + width, y0: y - 12, y1: y + 2 };
      const hitsNode = placed.some((q) => q !== p && q.x + 12 > b.x0 && q.x - 12 < b.x1 && q.y + 12 > b.y0 && q.y - 12 < b.y1);
      const hitsCentre = cx + 40 > b.x0 && cx - 40 < b.x1 && cy + 40 > b.y0 && cy - 40 < b.y1;
      if (hitsNode || hitsCentre || b.x0 < 0 || b.x1 > W || taken.some((t) => t.x0 < b.x1 && b.x0 < t.x1 && t.y0 < b.y1 && b.y0 < t.y1)) continue;
      taken.push(b);
      const anchor = side === 'right' ? 'start' : side === 'left' ? 'end' : 'middle';
      return s('text', { x, y, 'text-anchor': anchor, 'font-size': 11, fill: '#1f2330' }, text);
    }
    return null;
  };
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'radial', role: 'img', 'aria-label': `Related work of ${center}`, 'font-family': 'system-ui, -apple-system, Segoe UI, sans-serif' },
    s('rect', { width: W, height: H, fill: '#ffffff' }),
    [100, 170, 240].map((r) => s('ellipse', { cx, cy, rx: r * 1.15, ry: r * 0.85, fill: 'none', stroke: '#e6e8f0' })),
    placed.map((p) => s('line', { x1: cx, y1: cy, x2: p.x, y2: p.y, stroke: SIGNAL_COLOUR[strongest(p.r)], 'stroke-opacity': 0.45, 'stroke-width': 1 + 5 * (p.r.score / max) })),
    s('circle', { cx, cy, r: 38, fill: '#111827' }, s('title', {}, center)),
    s('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 700, fill: '#ffffff' }, center === 'your draft' ? 'Your draft' : 'This paper'),
    placed.map((p) => {
      const right = Math.cos(p.angle) >= 0;
      const g = s(
        'g',
        { class: 'node', tabindex: 0, role: 'link', 'aria-label': `${p.i + 1}. ${p.r.paper.title}` },
        s('title', {}, `${p.i + 1}. ${p.r.paper.title}\n${p.r.reason}`),
        s('circle', { cx: p.x, cy: p.y, r: 8 + 10 * (p.r.score / max), fill: SIGNAL_COLOUR[strongest(p.r)], stroke: '#ffffff', 'stroke-width': 2 }),
        s('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle', 'font-size': 10, 'font-weight': 700, fill: '#ffffff' }, String(p.i + 1)),
        label(p, right),
      );
      g.addEventListener('click', () => onOpen(p.r.paper.id));
      g.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && onOpen(p.r.paper.id));
      return g;
    }),
  );
}

export function relatedView(root: ViewRoot, state: State, mode: 'paper' | 'draft'): View {
  let items: Related[] = [];
  let center: PaperRef | null = null;
  let svg: SVGSVGElement | null = null;
  let alive = true;
  let current = state;
  let asked = 0;
  const results = h('div', { class: 'results' });
  const sliders = new Map<SignalName, HTMLInputElement>();
  const outputs = new Map<SignalName, HTMLOutputElement>();
  const draft = h('textarea', { id: 'draft', rows: 9, placeholder: 'Paste the abstract of the paper you are writing…' }) as HTMLTextAreaElement;
  draft.value = state.text;

  root.title(mode === 'paper' ? 'Related work' : 'Related to a draft', '');

  const centerName = () => (mode === 'paper' ? (center?.title ?? 'this paper') : 'your draft');

  const rank = async (s: State) => {
    if (mode === 'draft' && !s.text.trim()) {
      fill(root.stage, notice('empty', 'Paste a draft abstract on the right and press “Find related work”.'));
      fill(root.list, notice('empty', 'No draft yet.'));
      return;
    }
    const ask = ++asked;
    const weights = weightsChanged(s.weights) ? s.weights : undefined;
    root.stage.setAttribute('aria-busy', 'true');
    try {
      if (mode === 'paper') {
        const d = await gql<{ paper: PaperRef | null; relatedPapers: Related[] }>(RELATED, { id: s.subject, weights, first: FIRST });
        if (ask !== asked || !alive) return;
        if (!d.paper) {
          fill(root.stage, notice('empty', `No paper has the id “${s.subject}”.`));
          return;
        }
        center = d.paper;
        items = d.relatedPapers;
      } else {
        const d = await gql<{ relatedToText: Related[] }>(RELATED_TO_TEXT, { text: s.text, weights, first: FIRST });
        if (ask !== asked || !alive) return;
        items = d.relatedToText;
      }
    } catch (err) {
      if (!alive || ask !== asked) return;
      if (err instanceof ApiError && err.codes.includes('NOT_FOUND')) {
        fill(root.stage, notice('empty', `No paper has the id “${s.subject}”.`, h('p', { class: 'small' }, 'Search for it by title in the box above.')));
      } else {
        fill(root.stage, notice('error', `Could not rank related work: ${(err as Error).message}`));
      }
      fill(results);
      return;
    } finally {
      root.stage.removeAttribute('aria-busy');
    }
    root.title(mode === 'paper' ? 'Related work' : 'Related to a draft', centerName());
    renderResults();
  };

  const renderResults = () => {
    if (!items.length) {
      svg = null;
      fill(root.stage, notice('empty', `Nothing related to ${centerName()} with these weights: every signal that could match is switched off, or nothing shares a word, concept or method with it.`));
      fill(results);
      fill(root.list, notice('empty', 'No related papers.'));
      return;
    }
    svg = radial(centerName(), items, (id) => go({ paper: id }));
    fill(
      root.stage,
      h('div', { class: 'radial-scroll' }, svg),
      h('p', { class: 'small muted' }, 'Nearer the centre scores higher; the colour is the strongest signal. Click a paper to open it.'),
    );
    const cards = items.map((r, i) =>
      h(
        'li',
        { class: 'related', 'data-id': r.paper.id },
        h('div', { class: 'rank' }, i + 1),
        h(
          'div',
          {},
          link({ paper: r.paper.id }, r.paper.title, 'link title'),
          h('p', { class: 'small muted' }, [r.paper.year, r.paper.venue].filter(Boolean).join(' · '), r.paper.year || r.paper.venue ? ' · ' : '', `score ${r.score.toFixed(3)}`),
          bar(r),
          h('p', { class: 'small reason' }, r.reason),
          r.sharedConcepts.length || r.sharedMethods.length
            ? h(
                'div',
                { class: 'chips' },
                r.sharedMethods.slice(0, 4).map((m) => h('button', { class: 'chip method', type: 'button', on: { click: () => go({ view: 'method', subject: m.name, expanded: [], selected: '' }) } }, m.name)),
                r.sharedConcepts.slice(0, 6).map((c) => h('button', { class: 'chip', type: 'button', on: { click: () => go({ view: 'concept', subject: c.name, expanded: [], selected: '' }) } }, c.name)),
              )
            : null,
          mode === 'paper'
            ? h('button', { class: 'btn small ghost', type: 'button', on: { click: () => go({ view: 'related', subject: r.paper.id, paper: '' }) } }, 'Centre on this paper')
            : null,
        ),
      ),
    );
    fill(results, h('ol', { class: 'related-list', 'aria-label': 'Related papers, best first' }, cards));
    fill(
      root.list,
      h(
        'table',
        { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Paper'), h('th', {}, 'Score'), SIGNALS.map((k) => h('th', {}, k)), h('th', {}, 'Shared'))),
        h(
          'tbody',
          {},
          items.map((r, i) =>
            h(
              'tr',
              {},
              h('td', {}, i + 1),
              h('th', { scope: 'row' }, link({ paper: r.paper.id }, r.paper.title)),
              h('td', {}, r.score.toFixed(3)),
              SIGNALS.map((k) => h('td', {}, (r.signals.find((x) => x.name === k)?.contribution ?? 0).toFixed(3))),
              h('td', { class: 'small' }, [...r.sharedMethods, ...r.sharedConcepts].map((x) => x.name).join(', ')),
            ),
          ),
        ),
      ),
    );
  };

  const rerank = debounce((w: Weights) => go({ weights: w }, { replace: true }), 120);
  const weightsPanel = h(
    'section',
    { class: 'card weights' },
    h('h3', {}, 'Weights'),
    h('p', { class: 'small muted' }, 'Only their ratios matter. Drag to re-rank.'),
    SIGNALS.map((k) => {
      const input = h('input', { type: 'range', min: 0, max: 1, step: 0.01, id: `w-${k}`, name: k, value: state.weights[k], 'aria-describedby': `w-${k}-help` }) as HTMLInputElement;
      const out = h('output', { for: `w-${k}` }, state.weights[k].toFixed(2)) as HTMLOutputElement;
      input.addEventListener('input', () => {
        out.textContent = Number(input.value).toFixed(2);
        rerank({ ...current.weights, [k]: Number(input.value) });
      });
      sliders.set(k, input);
      outputs.set(k, out);
      return h(
        'div',
        { class: 'slider' },
        h('label', { for: `w-${k}` }, h('span', { class: 'dot', style: `background:${SIGNAL_COLOUR[k]}` }), k),
        input,
        out,
        h('p', { class: 'small muted', id: `w-${k}-help` }, SIGNAL_HELP[k]),
      );
    }),
    h('button', { class: 'btn small ghost', type: 'button', on: { click: () => go({ weights: { ...DEFAULT_WEIGHTS } }) } }, 'Default weights'),
  );

  fill(
    root.side,
    mode === 'draft'
      ? h(
          'section',
          { class: 'card' },
          h('label', { for: 'draft', class: 'h3' }, 'Your draft abstract'),
          draft,
          h('button', { class: 'btn primary', type: 'button', on: { click: () => go({ text: draft.value.trim() }) } }, 'Find related work'),
        )
      : null,
    weightsPanel,
    h('section', { class: 'card' }, h('h3', {}, 'Ranked'), results),
  );
  void rank(state);

  return {
    key: mode === 'paper' ? `related:${state.subject}` : 'draft',
    update(next) {
      const changed = SIGNALS.some((k) => next.weights[k] !== current.weights[k]) || next.text !== current.text;
      current = next;
      for (const k of SIGNALS) {
        if (Number(sliders.get(k)!.value) !== next.weights[k]) sliders.get(k)!.value = String(next.weights[k]);
        outputs.get(k)!.textContent = next.weights[k].toFixed(2);
      }
      if (next.text !== draft.value.trim() && document.activeElement !== draft) draft.value = next.text;
      if (changed) void rank(next);
    },
    destroy() {
      alive = false;
    },
    graph(): GraphExport | null {
      if (!items.length) return null;
      const cid = mode === 'paper' ? current.subject : 'draft';
      return {
        name: `related work of ${centerName()}`,
        directed: true,
        nodes: [
          { id: cid, label: centerName(), role: 'centre' },
          ...items.map((r, i) => ({ id: r.paper.id, label: r.paper.title, year: r.paper.year, venue: r.paper.venue, role: 'related', rank: i + 1 })),
        ],
        edges: items.map((r) => ({
          source: cid,
          target: r.paper.id,
          score: r.score,
          reason: r.reason,
          ...Object.fromEntries(r.signals.map((x) => [`contribution_${x.name}`, x.contribution])),
          sharedConcepts: r.sharedConcepts.map((c) => c.name).join('; '),
          sharedMethods: r.sharedMethods.map((m) => m.name).join('; '),
        })),
      };
    },
    picture: () => svg,
  };
}
