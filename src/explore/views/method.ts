// The method family: a method's ancestors and descendants as a layered tree, parents left of children, columns in
// year order, each edge labelled with its relation; hovering, focusing or clicking an edge shows its evidence.

import { gql, METHOD, type LineageEdge, type MethodDetail, type MethodRef, type PaperRef } from '../api';
import type { GraphExport } from '../exports';
import { fill, h, notice, plural, s } from '../dom';
import { go, link, type State } from '../state';
import { timeline } from '../timeline';
import type { View, ViewRoot } from './view';

const RELATION: Record<LineageEdge['relation'], { label: string; colour: string }> = {
  EXTENDS: { label: 'extends', colour: '#2563eb' },
  VARIANT_OF: { label: 'variant of', colour: '#db2777' },
  BUILDS_ON: { label: 'builds on', colour: '#059669' },
  FAMILY: { label: 'a kind of', colour: '#d97706' },
};

const yearOf = (m: MethodRef) => {
  const years = m.proposedBy.map((p) => p.year).filter((y): y is number => y != null);
  return years.length ? Math.min(...years) : null;
};

interface Placed {
  m: MethodRef;
  year: number | null;
  layer: number;
  x: number;
  y: number;
}

/** Layers: longest path from a method with no parent on the map, so every parent sits left of its children. */
function layout(nodes: MethodRef[], edges: LineageEdge[]): { placed: Map<string, Placed>; width: number; height: number } {
  const parents = new Map<string, string[]>();
  for (const e of edges) parents.set(e.child.id, [...(parents.get(e.child.id) ?? []), e.parent.id]);
  const layer = new Map<string, number>();
  const visit = (id: string, trail: Set<string>): number => {
    if (layer.has(id)) return layer.get(id)!;
    if (trail.has(id)) return 0;
    trail.add(id);
    const l = Math.max(-1, ...(parents.get(id) ?? []).map((p) => visit(p, trail))) + 1;
    trail.delete(id);
    layer.set(id, l);
    return l;
  };
  for (const n of nodes) visit(n.id, new Set());
  const columns: Placed[][] = [];
  for (const m of nodes) {
    const l = layer.get(m.id) ?? 0;
    (columns[l] ??= []).push({ m, year: yearOf(m), layer: l, x: 0, y: 0 });
  }
  const COL = 320;
  const ROW = 64;
  const rows = Math.max(...columns.map((c) => c?.length ?? 0));
  const placed = new Map<string, Placed>();
  columns.forEach((col, l) => {
    col.sort((a, b) => (a.year ?? 9999) - (b.year ?? 9999) || a.m.name.localeCompare(b.m.name));
    col.forEach((p, i) => {
      p.x = 40 + l * COL;
      p.y = 60 + (i + (rows - col.length) / 2) * ROW;
      placed.set(p.m.id, p);
    });
  });
  return { placed, width: 40 + columns.length * COL, height: 60 + rows * ROW };
}

export function methodView(root: ViewRoot, state: State): View {
  let data: MethodDetail | null = null;
  let svg: SVGSVGElement | null = null;
  let alive = true;
  const evidence = h('div', { class: 'evidence', 'aria-live': 'polite' });

  root.title('Method family', state.subject);
  fill(root.stage, notice('loading', `Loading the family of “${state.subject}”…`));

  const showEvidence = (e: LineageEdge, names: Map<string, string>) => {
    fill(
      evidence,
      h('p', { class: 'eyebrow' }, `${names.get(e.child.id)} ${RELATION[e.relation].label} ${names.get(e.parent.id)} · confidence ${e.confidence.toFixed(2)}`),
      h('blockquote', {}, e.evidence),
      e.paper
        ? h('p', { class: 'small' }, 'Stated in ', h('button', { class: 'link', type: 'button', on: { click: () => go({ paper: e.paper!.id }) } }, e.paper.title), e.paper.year ? ` (${e.paper.year})` : '')
        : null,
    );
  };

  const render = (d: MethodDetail) => {
    const lineage = d.methodLineage!;
    const nodes = [lineage.root, ...lineage.nodes];
    const names = new Map(nodes.map((n) => [n.id, n.name]));
    const { placed, width, height } = layout(nodes, lineage.edges);
    const NODE_W = 180;
    const NODE_H = 44;
    svg = s(
      'svg',
      { viewBox: `0 0 ${Math.max(width, 420)} ${height + 20}`, width: Math.max(width, 420), height: height + 20, class: 'tree', role: 'img', 'aria-label': `Lineage of ${lineage.root.name}`, 'font-family': 'system-ui, -apple-system, Segoe UI, sans-serif' },
      s('defs', {}, Object.entries(RELATION).map(([k, r]) => s('marker', { id: `head-${k}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto' }, s('path', { d: 'M0,0 L10,5 L0,10 z', fill: r.colour })))),
      lineage.edges.map((e) => {
        const [p, c] = [placed.get(e.parent.id)!, placed.get(e.child.id)!];
        const [x1, y1, x2, y2] = [p.x + NODE_W, p.y + NODE_H / 2, c.x, c.y + NODE_H / 2];
        const mx = (x1 + x2 - 90) / 2;
        const r = RELATION[e.relation];
        const g = s(
          'g',
          { class: 'edge', tabindex: 0, role: 'button', 'aria-label': `${names.get(e.child.id)} ${r.label} ${names.get(e.parent.id)}: show the evidence` },
          s('title', {}, e.evidence),
          s('path', { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 92},${y2} L${x2 - 2},${y2}`, fill: 'none', stroke: r.colour, 'stroke-width': 1 + 2 * e.confidence, 'marker-end': `url(#head-${e.relation})` }),
          // The label sits just before the child: each child has its own row, so labels never overlap.
          s('rect', { x: x2 - 92, y: y2 - 10, width: 76, height: 20, rx: 10, fill: '#ffffff', stroke: r.colour }),
          s('text', { x: x2 - 54, y: y2 + 4, 'text-anchor': 'middle', 'font-size': 11, fill: r.colour }, r.label),
        );
        const show = () => showEvidence(e, names);
        g.addEventListener('mouseenter', show);
        g.addEventListener('focus', show);
        g.addEventListener('click', show);
        g.addEventListener('keydown', (ev) => (ev as KeyboardEvent).key === 'Enter' && show());
        return g;
      }),
      [...placed.values()].map((p) => {
        const isRoot = p.m.id === lineage.root.id;
        const g = s(
          'g',
          { class: 'node', tabindex: 0, role: 'link', 'aria-label': `${p.m.name}${p.year ? `, ${p.year}` : ''}: open its family` },
          s('rect', { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 8, fill: isRoot ? '#4f46e5' : '#ffffff', stroke: isRoot ? '#4f46e5' : '#c7cad6' }),
          s('text', { x: p.x + 12, y: p.y + 20, 'font-size': 14, 'font-weight': 600, fill: isRoot ? '#ffffff' : '#1f2330' }, p.m.name.length > 22 ? `${p.m.name.slice(0, 21)}…` : p.m.name),
          s('text', { x: p.x + 12, y: p.y + 37, 'font-size': 11, fill: isRoot ? '#e0e7ff' : '#6b7080' }, `${p.year ?? 'year unknown'} · ${plural(p.m.paperCount, 'paper')}`),
        );
        const open = () => !isRoot && go({ subject: p.m.name });
        g.addEventListener('click', open);
        g.addEventListener('keydown', (ev) => (ev as KeyboardEvent).key === 'Enter' && open());
        return g;
      }),
    );
    const message = lineage.edges.length
      ? h('p', { class: 'small muted' }, 'Hover, focus or click an edge to read the sentence that states it. Click a method to open its family.')
      : notice('empty', `No lineage is recorded for ${lineage.root.name} yet: no paper says it extends, builds on or is a variant of another method, or that one comes from it.`);
    const scroller = h('div', { class: 'tree-scroll' }, svg);
    fill(root.stage, scroller, message, evidence);
    // On a narrow screen the tree scrolls sideways: start with the method itself in view.
    const at = placed.get(lineage.root.id)!;
    const scale = svg.getBoundingClientRect().width / Math.max(width, 420);
    scroller.scrollLeft = (at.x + NODE_W / 2) * scale - scroller.clientWidth / 2;
    if (lineage.edges.length) showEvidence(lineage.edges[0], names);

    fill(
      root.list,
      h('h3', {}, `Methods in the family (${nodes.length})`),
      h(
        'table',
        { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Method'), h('th', { scope: 'col' }, 'First proposed'), h('th', { scope: 'col' }, 'Papers'))),
        h('tbody', {}, [...placed.values()].sort((a, b) => a.layer - b.layer).map((p) => h('tr', {}, h('th', { scope: 'row' }, link({ subject: p.m.name }, p.m.name)), h('td', {}, p.year ?? '–'), h('td', {}, p.m.paperCount)))),
      ),
      h('h3', {}, `Lineage edges (${lineage.edges.length})`),
      h(
        'ul',
        { class: 'edge-list' },
        lineage.edges.map((e) =>
          h(
            'li',
            {},
            h('p', {}, h('strong', {}, names.get(e.child.id)), ` ${RELATION[e.relation].label} `, h('strong', {}, names.get(e.parent.id)), h('span', { class: 'muted small' }, ` · confidence ${e.confidence.toFixed(2)}`)),
            h('blockquote', {}, e.evidence),
            e.paper ? h('button', { class: 'link small', type: 'button', on: { click: () => go({ paper: e.paper!.id }) } }, e.paper.title) : null,
          ),
        ),
      ),
    );
  };

  const paperList = (title: string, papers: PaperRef[], hint: string) =>
    h(
      'section',
      { class: 'card' },
      h('h3', {}, `${title} (${papers.length})`),
      papers.length
        ? h('ol', { class: 'paper-list' }, papers.map((p) => h('li', {}, link({ paper: p.id }, p.title), p.year ? h('span', { class: 'muted' }, ` ${p.year}`) : null)))
        : h('p', { class: 'small muted' }, hint),
    );

  gql<MethodDetail>(METHOD, { name: state.subject })
    .then((d) => {
      if (!alive) return;
      if (!d.method || !d.methodLineage) {
        fill(root.stage, notice('empty', `No method is called “${state.subject}”.`, h('p', { class: 'small' }, 'Try the search box: it suggests methods as you type.')));
        fill(root.list, notice('empty', `No method is called “${state.subject}”.`));
        return;
      }
      data = d;
      const m = d.method;
      root.title('Method family', m.name);
      render(d);
      fill(
        root.side,
        h(
          'section',
          { class: 'card' },
          h('p', { class: 'eyebrow' }, 'Method'),
          h('h2', {}, m.name),
          m.aliases.length > 1 ? h('p', { class: 'small muted' }, 'Also: ', m.aliases.filter((a) => a !== m.name).join(', ')) : null,
          h('p', { class: 'stat-line' }, h('span', {}, h('strong', {}, m.paperCount), ' papers'), h('span', {}, h('strong', {}, d.methodLineage!.edges.length), ' lineage edges')),
          h('div', { class: 'legend small' }, Object.values(RELATION).map((r) => h('span', {}, h('span', { class: 'swatch arrow', style: `--c:${r.colour}` }), r.label))),
        ),
        h('section', { class: 'card' }, h('h3', {}, 'Papers per year'), timeline(m.timeline, m.name)),
        paperList('Proposed by', m.proposedBy, 'No paper in the store proposes it.'),
        paperList('Used by', m.usedBy, 'No paper says it uses it.'),
        paperList('Compared against by', m.comparedBy, 'No paper compares against it.'),
      );
    })
    .catch((err: Error) => alive && fill(root.stage, notice('error', `Could not load “${state.subject}”: ${err.message}`)));

  return {
    key: `method:${state.subject}`,
    update() {},
    destroy() {
      alive = false;
    },
    graph(): GraphExport | null {
      const l = data?.methodLineage;
      if (!l) return null;
      return {
        name: `method family of ${l.root.name}`,
        directed: true,
        nodes: [l.root, ...l.nodes].map((m) => ({ id: m.id, label: m.name, paperCount: m.paperCount, year: yearOf(m) })),
        edges: l.edges.map((e) => ({ source: e.child.id, target: e.parent.id, relation: e.relation, confidence: e.confidence, evidence: e.evidence, paper: e.paper?.id ?? null })),
      };
    },
    picture: () => svg,
  };
}
