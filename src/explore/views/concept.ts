// The concept map: a concept's co-occurrence neighbourhood as a force-directed graph (graphology + sigma.js, with
// ForceAtlas2 running in a web worker). Node size: papers; colour: community; edge width: NPMI; broader / narrower
// links are violet arrows. Clicking a node expands it (its own neighbours join the map) and shows its details.

import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import { extremityArrow, layerPlain, pathLine } from 'sigma/rendering';
import { CONCEPT, gql, type ConceptDetail, type ConceptRef, type Neighbourhood } from '../api';
import type { GraphExport } from '../exports';
import { communityColour, fill, h, notice, plural, s } from '../dom';
import { go, link, type State } from '../state';
import { timeline } from '../timeline';
import type { View, ViewRoot } from './view';

const FIRST = 25;
const EXPAND_FIRST = 10;
const HIERARCHY = '#7c3aed';
/** How long ForceAtlas2 runs after a change before it stops (the layout has settled by then at this size). */
const LAYOUT_MS = 1500;

interface Loaded {
  detail: ConceptDetail;
  hood: Neighbourhood | null;
}
const cache = new Map<string, Promise<Loaded | null>>();

function load(name: string, first: number): Promise<Loaded | null> {
  const key = `${first}\u0000${name}`;
  if (!cache.has(key)) {
    const p = gql<{ concept: ConceptDetail | null; conceptNeighbourhood: Neighbourhood | null }>(CONCEPT, { name, first }).then((d) =>
      d.concept ? { detail: d.concept, hood: d.conceptNeighbourhood } : null,
    );
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return cache.get(key)!;
}

/** Broader or narrower concepts added to the map per concept (the most-cited first); the side panel lists all. */
const HIERARCHY_ON_MAP = 6;

export function conceptView(root: ViewRoot, state: State): View {
  const graph = new Graph({ type: 'mixed', multi: false });
  const details = new Map<string, ConceptDetail>();
  let center: ConceptDetail | null = null;
  let renderer: Sigma | null = null;
  let layout: FA2Layout | null = null;
  let stopTimer: number | undefined;
  let focus: string | null = null;
  let current = state;
  let alive = true;
  const expandedDone = new Set<string>();

  root.title('Concept map', state.subject);
  fill(root.stage, notice('loading', `Loading the neighbourhood of “${state.subject}”…`));

  const addConcept = (c: ConceptRef, near?: { x: number; y: number }, i = 0, n = 1) => {
    if (graph.hasNode(c.id)) return;
    const angle = (2 * Math.PI * i) / Math.max(n, 1) + (near ? 0.3 : 0);
    const r = near ? 0.6 : 3;
    graph.addNode(c.id, {
      label: c.name,
      paperCount: c.paperCount,
      community: c.community,
      size: 8,
      color: communityColour(c.community),
      x: (near?.x ?? 0) + r * Math.cos(angle),
      y: (near?.y ?? 0) + r * Math.sin(angle),
    });
  };
  const addLink = (a: string, b: string, attrs: Record<string, unknown>) => {
    const [source, target] = a < b ? [a, b] : [b, a];
    if (graph.hasNode(source) && graph.hasNode(target) && !graph.hasEdge(source, target)) {
      graph.addUndirectedEdgeWithKey(`co:${source}|${target}`, source, target, attrs);
    }
  };
  const addHierarchy = (narrower: string, broader: string) => {
    const key = `is:${narrower}|${broader}`;
    if (graph.hasNode(narrower) && graph.hasNode(broader) && !graph.hasEdge(key)) {
      graph.addDirectedEdgeWithKey(key, narrower, broader, { kind: 'narrower-of', color: HIERARCHY, size: 2, head: 'arrow' });
    }
  };

  const merge = (loaded: Loaded, near?: { x: number; y: number }) => {
    const { detail, hood } = loaded;
    details.set(detail.id, detail);
    addConcept(detail, near);
    const pos = graph.getNodeAttributes(detail.id) as { x: number; y: number };
    const around = hood ? hood.nodes : [];
    around.forEach((c, i) => addConcept(c, pos, i, around.length));
    for (const e of hood?.edges ?? []) {
      addLink(e.source, e.target, {
        kind: 'co-occurs',
        weight: e.weight,
        cooccurrences: e.cooccurrences,
        size: 0.6 + 6 * Math.max(0, e.weight),
        color: '#c5c9d6',
      });
    }
    const top = (list: ConceptRef[]) => [...list].sort((a, b) => b.paperCount - a.paperCount).slice(0, HIERARCHY_ON_MAP);
    const [broader, narrower] = [top(detail.broader), top(detail.narrower)];
    const extra = [...broader, ...narrower];
    extra.forEach((c, i) => addConcept(c, pos, i + around.length, extra.length + around.length));
    for (const b of broader) addHierarchy(detail.id, b.id);
    for (const n of narrower) addHierarchy(n.id, detail.id);
    // Sizes are relative to the map's most-cited concept: readable whether it has 4 papers or 400.
    const most = Math.max(1, ...graph.mapNodes((_, a) => a.paperCount as number));
    graph.forEachNode((id, a) => graph.setNodeAttribute(id, 'size', 5 + 17 * Math.sqrt((a.paperCount as number) / most)));
  };

  const settings = () => ({ ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300, adjustSizes: true, gravity: 1.5, slowDown: 4 });
  const edgeWeight = (_e: string, attrs: Record<string, unknown>) => Math.max(0.05, Number(attrs.weight ?? 0.5));
  const runLayout = () => {
    if (!graph.order) return;
    layout?.stop();
    // A first pass here, so the first frame is already readable; the worker then refines it without blocking.
    forceAtlas2.assign(graph, { iterations: 150, settings: settings(), getEdgeWeight: edgeWeight });
    layout ??= new FA2Layout(graph, { settings: settings(), getEdgeWeight: edgeWeight });
    layout.start();
    clearTimeout(stopTimer);
    stopTimer = window.setTimeout(() => layout?.stop(), LAYOUT_MS);
  };

  const draw = () => {
    if (renderer || !graph.order || current.list) return;
    const box = h('div', { class: 'sigma-box', 'aria-hidden': 'true' });
    fill(root.stage, box, legend());
    try {
      renderer = new Sigma(graph, box, {
        primitives: { edges: { paths: [pathLine()], extremities: [extremityArrow()], layers: [layerPlain()] } },
        styles: {
          nodes: DEFAULT_STYLES.nodes,
          edges: [DEFAULT_STYLES.edges, { head: { attribute: 'head', defaultValue: 'none' } }],
        },
        // Hovering a concept keeps it and its neighbours in colour and fades the rest.
        // The centre and the selected concept keep their labels, larger.
        nodeReducer: (key: string, data: Record<string, unknown>) => {
          if (focus && key !== focus && !graph.areNeighbors(key, focus)) return { ...data, color: '#e3e5ec', label: '' };
          if (key === center?.id || key === current.selected) return { ...data, labelVisibility: 'visible', labelSize: 15, zIndex: 2 };
          return data;
        },
        edgeReducer: (key: string, data: Record<string, unknown>) =>
          focus && !graph.hasExtremity(key, focus) ? { ...data, color: '#eef0f5' } : data,
        settings: { allowInvalidContainer: true, itemSizesReference: 'screen', labelDensity: 0.7, labelRenderedSizeThreshold: 6, stagePadding: 40, autoRescale: true },
      } as never);
    } catch (err) {
      renderer = null;
      fill(root.stage, notice('error', `This browser cannot draw the map (${(err as Error).message}); the list shows the same content.`));
      return;
    }
    renderer.on('clickNode', ({ node }) => expand(node));
    renderer.on('clickNodeLabel', ({ node }) => expand(node));
    renderer.on('enterNode', ({ node }) => {
      box.classList.add('pointing');
      focus = node;
      renderer?.refresh();
    });
    renderer.on('leaveNode', () => {
      box.classList.remove('pointing');
      focus = null;
      renderer?.refresh();
    });
  };

  const expand = (id: string) => {
    const expanded = current.expanded.includes(id) || id === center?.id ? current.expanded : [...current.expanded, id];
    go({ expanded, selected: id });
  };

  const applyExpansions = async (state: State) => {
    const todo = state.expanded.filter((id) => !expandedDone.has(id));
    for (const id of todo) {
      expandedDone.add(id);
      const loaded = await load(id, EXPAND_FIRST).catch(() => null);
      if (!alive || !loaded) continue;
      const pos = graph.hasNode(id) ? (graph.getNodeAttributes(id) as { x: number; y: number }) : undefined;
      merge(loaded, pos);
    }
    if (todo.length) runLayout();
    renderList();
    await renderSide(state);
  };

  const renderSide = async (state: State) => {
    const id = state.selected || center?.id;
    if (!id) return;
    let d = details.get(id);
    if (!d) {
      const loaded = await load(id, EXPAND_FIRST).catch(() => null);
      if (!alive || !loaded) return;
      d = loaded.detail;
      details.set(d.id, d);
    }
    if (!graph.hasNode(d.id)) return;
    const neighbours = graph
      .edges(d.id)
      .map((e) => ({ e, other: graph.opposite(d!.id, e), a: graph.getEdgeAttributes(e) }))
      .sort((x, y) => Number(y.a.weight ?? 2) - Number(x.a.weight ?? 2));
    const chip = (c: ConceptRef) =>
      h('button', { class: 'chip', type: 'button', style: `--dot:${communityColour(c.community)}`, on: { click: () => go({ view: 'concept', subject: c.name, expanded: [], selected: '' }) } }, c.name);
    fill(
      root.side,
      h(
        'section',
        { class: 'card' },
        h('p', { class: 'eyebrow' }, d.kind === 'OTHER' ? 'Concept' : d.kind === 'TASK' ? 'Task' : 'Method concept'),
        h('h2', {}, d.name),
        d.aliases.length > 1 ? h('p', { class: 'small muted' }, 'Also: ', d.aliases.filter((a) => a !== d!.name).join(', ')) : null,
        h(
          'p',
          { class: 'stat-line' },
          h('span', {}, h('strong', {}, d.paperCount), ' papers'),
          h('span', {}, 'community ', h('strong', { style: `color:${communityColour(d.community)}` }, d.community ?? '–')),
          h('span', {}, h('strong', {}, neighbours.length), ' links on the map'),
        ),
        d.id !== center?.id
          ? h('button', { class: 'btn', type: 'button', on: { click: () => go({ subject: d!.name, expanded: [], selected: '' }) } }, 'Centre the map here')
          : null,
      ),
      h('section', { class: 'card' }, h('h3', {}, 'Papers per year'), timeline(d.timeline, d.name)),
      d.broader.length || d.narrower.length
        ? h(
            'section',
            { class: 'card' },
            d.broader.length ? [h('h3', {}, `Broader (${d.broader.length})`), chips(d.broader, chip)] : null,
            d.narrower.length ? [h('h3', {}, `Narrower (${d.narrower.length})`), chips(d.narrower, chip)] : null,
          )
        : null,
      h(
        'section',
        { class: 'card' },
        h('h3', {}, `Papers (${d.papers.totalCount})`),
        h(
          'ol',
          { class: 'paper-list' },
          d.papers.edges.map(({ node: p }) =>
            h('li', {}, link({ paper: p.id }, p.title), p.year ? h('span', { class: 'muted' }, ` ${p.year}`) : null),
          ),
        ),
      ),
    );
  };

  const renderList = () => {
    const nodes = graph.nodes().map((id) => ({ id, a: graph.getNodeAttributes(id) }));
    nodes.sort((x, y) => Number(y.a.paperCount) - Number(x.a.paperCount));
    const label = (id: string) => String(graph.getNodeAttribute(id, 'label'));
    fill(
      root.list,
      h('h3', {}, `Concepts on the map (${nodes.length})`),
      h(
        'table',
        { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Concept'), h('th', { scope: 'col' }, 'Papers'), h('th', { scope: 'col' }, 'Community'), h('th', { scope: 'col' }, ''))),
        h(
          'tbody',
          {},
          nodes.map(({ id, a }) =>
            h(
              'tr',
              { 'data-node': id },
              h('th', { scope: 'row' }, h('span', { class: 'dot', style: `background:${a.color}` }), a.label as string, id === center?.id ? h('span', { class: 'tag' }, 'centre') : null),
              h('td', {}, a.paperCount as number),
              h('td', {}, (a.community as number | null) ?? '–'),
              h(
                'td',
                {},
                h(
                  'button',
                  { class: 'btn small', type: 'button', 'aria-label': `Expand ${a.label as string}`, disabled: id === center?.id || current.expanded.includes(id), on: { click: () => expand(id) } },
                  current.expanded.includes(id) ? 'Expanded' : 'Expand',
                ),
              ),
            ),
          ),
        ),
      ),
      h('h3', {}, `Links (${graph.size})`),
      h(
        'table',
        { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To'), h('th', { scope: 'col' }, 'Link'), h('th', { scope: 'col' }, 'NPMI'), h('th', { scope: 'col' }, 'Papers together'))),
        h(
          'tbody',
          {},
          graph.edges().map((e) => {
            const a = graph.getEdgeAttributes(e);
            return h(
              'tr',
              {},
              h('td', {}, label(graph.source(e))),
              h('td', {}, label(graph.target(e))),
              h('td', {}, a.kind === 'narrower-of' ? 'narrower than' : 'co-occurs'),
              h('td', {}, a.weight != null ? Number(a.weight).toFixed(2) : '–'),
              h('td', {}, (a.cooccurrences as number | undefined) ?? '–'),
            );
          }),
        ),
      ),
    );
  };

  const legend = () =>
    h(
      'div',
      { class: 'legend small' },
      h('span', {}, h('span', { class: 'swatch circle' }), 'size: papers'),
      h('span', {}, h('span', { class: 'swatch rainbow' }), 'colour: community'),
      h('span', {}, h('span', { class: 'swatch line' }), 'width: NPMI'),
      h('span', {}, h('span', { class: 'swatch arrow', style: `--c:${HIERARCHY}` }), 'narrower → broader'),
      h('span', { class: 'muted' }, 'Click a concept to expand it'),
    );

  load(state.subject, FIRST)
    .then(async (loaded) => {
      if (!alive) return;
      if (!loaded) {
        fill(root.stage, notice('empty', `No concept is called “${state.subject}”.`, h('p', { class: 'small' }, 'Try the search box: it suggests concepts, methods and papers as you type.')));
        fill(root.list, notice('empty', `No concept is called “${state.subject}”.`));
        return;
      }
      center = loaded.detail;
      root.title('Concept map', center.name);
      merge(loaded);
      graph.setNodeAttribute(center.id, 'x', 0);
      graph.setNodeAttribute(center.id, 'y', 0);
      if (graph.order === 1) {
        // Nothing to lay out: say so instead of drawing a lone dot.
        fill(
          root.stage,
          notice(
            'empty',
            `“${center.name}” co-occurs with no other concept in at least two papers yet, and has no broader or narrower concept.`,
            h('p', { class: 'small' }, `Its ${plural(center.paperCount, 'paper')} are listed beside; search for a related concept above.`),
          ),
        );
      } else {
        draw();
      }
      runLayout();
      renderList();
      await applyExpansions(current);
      await renderSide(current);
    })
    .catch((err: Error) => alive && fill(root.stage, notice('error', `Could not load “${state.subject}”: ${err.message}`)));

  return {
    key: `concept:${state.subject}`,
    update(state) {
      const wasList = current.list;
      const reselected = state.selected !== current.selected;
      current = state;
      if (reselected) renderer?.refresh();
      if (wasList && !state.list && graph.order > 1) draw();
      if (!center) return;
      if ([...expandedDone].some((id) => !state.expanded.includes(id))) {
        // Back past an expansion: rebuild from the centre with the expansions still in the URL.
        graph.clear();
        expandedDone.clear();
        load(center.name, FIRST).then((loaded) => {
          if (!alive || !loaded) return;
          merge(loaded);
          runLayout();
          void applyExpansions(state);
        });
        return;
      }
      void applyExpansions(state);
    },
    destroy() {
      alive = false;
      clearTimeout(stopTimer);
      layout?.kill();
      renderer?.kill();
    },
    graph(): GraphExport | null {
      if (!graph.order) return null;
      return {
        name: `concept neighbourhood of ${center?.name ?? current.subject}`,
        directed: false,
        nodes: graph.nodes().map((id) => {
          const a = graph.getNodeAttributes(id);
          return { id, label: a.label, paperCount: a.paperCount, community: a.community ?? null, color: a.color, x: a.x, y: a.y };
        }),
        edges: graph.edges().map((e) => {
          const a = graph.getEdgeAttributes(e);
          return { source: graph.source(e), target: graph.target(e), kind: a.kind, weight: a.weight ?? null, cooccurrences: a.cooccurrences ?? null };
        }),
      };
    },
    picture() {
      if (!graph.order) return null;
      return mapSvg(graph, center?.id ?? '');
    },
  };
}

/** Chips, the most-cited first; beyond a dozen the rest fold away. */
function chips(list: ConceptRef[], chip: (c: ConceptRef) => HTMLElement): HTMLElement {
  const sorted = [...list].sort((a, b) => b.paperCount - a.paperCount);
  const shown = 12;
  return h(
    'div',
    { class: 'chips' },
    sorted.slice(0, shown).map(chip),
    sorted.length > shown ? h('details', { class: 'more' }, h('summary', { class: 'small' }, `${sorted.length - shown} more`), h('div', { class: 'chips' }, sorted.slice(shown).map(chip))) : null,
  );
}

/** The map as SVG, from the layout's positions (the screen is a WebGL canvas, which does not export as vectors). */
function mapSvg(graph: Graph, centerId: string): SVGSVGElement {
  const W = 1200;
  const H = 800;
  const pad = 90;
  const xs = graph.mapNodes((_, a) => a.x as number);
  const ys = graph.mapNodes((_, a) => a.y as number);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 2 * pad) / (x1 - x0 || 1), (H - 2 * pad) / (y1 - y0 || 1));
  const px = (x: number) => pad + (x - x0) * scale + ((W - 2 * pad) - (x1 - x0) * scale) / 2;
  const py = (y: number) => H - (pad + (y - y0) * scale + ((H - 2 * pad) - (y1 - y0) * scale) / 2);
  const at = (id: string) => graph.getNodeAttributes(id) as { x: number; y: number; size: number; color: string; label: string };
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, width: W, height: H, 'font-family': 'system-ui, -apple-system, Segoe UI, sans-serif' },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', fill: HIERARCHY }))),
    s('rect', { width: W, height: H, fill: '#ffffff' }),
    graph.mapEdges((_, a, source, target) => {
      const [p, q] = [at(source), at(target)];
      return s('line', {
        x1: px(p.x), y1: py(p.y), x2: px(q.x), y2: py(q.y),
        stroke: a.color as string, 'stroke-width': a.size as number, 'stroke-linecap': 'round',
        'marker-end': a.kind === 'narrower-of' ? 'url(#arrow)' : null,
      });
    }),
    graph.mapNodes((id) => {
      const a = at(id);
      return s('circle', { cx: px(a.x), cy: py(a.y), r: a.size, fill: a.color, stroke: id === centerId ? '#111827' : '#ffffff', 'stroke-width': id === centerId ? 3 : 1.5 });
    }),
    graph.mapNodes((id) => {
      const a = at(id);
      return s('text', { x: px(a.x) + a.size + 4, y: py(a.y) + 4, 'font-size': id === centerId ? 16 : 12, 'font-weight': id === centerId ? 700 : 400, fill: '#1f2330' }, a.label);
    }),
    s('text', { x: 16, y: H - 14, 'font-size': 11, fill: '#6b7080' }, `litgraph · ${plural(graph.order, 'concept')}, ${plural(graph.size, 'link')}`),
  );
}
