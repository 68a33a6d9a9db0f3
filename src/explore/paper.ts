// The paper panel: what the store knows of one paper, its abstract with concepts and methods marked, the lineage
// edges it is evidence for, and two actions: the same query in GraphiQL, and a BibTeX entry.

import { gql, ideLink, PAPER, type PaperDetail, type PaperLineageEdge } from './api';
import { fill, h, notice, safeUrl } from './dom';
import { go } from './state';

const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The abstract as text nodes and marks: every name or alias of the paper's concepts and methods, longest first. */
function highlighted(text: string, p: PaperDetail): (string | HTMLElement)[] {
  const terms = new Map<string, { kind: 'concept' | 'method'; name: string }>();
  for (const m of p.methods) for (const a of [m.method.name, ...m.method.aliases]) terms.set(a.toLowerCase(), { kind: 'method', name: m.method.name });
  for (const c of p.concepts) {
    for (const a of [c.concept.name, ...c.concept.aliases]) if (!terms.has(a.toLowerCase())) terms.set(a.toLowerCase(), { kind: 'concept', name: c.concept.name });
  }
  const list = [...terms.keys()].filter((t) => t.length > 1).sort((a, b) => b.length - a.length);
  if (!list.length) return [text];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${list.map(escapeRe).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const out: (string | HTMLElement)[] = [];
  let last = 0;
  for (const match of text.matchAll(re)) {
    const term = terms.get(match[0].toLowerCase());
    if (!term) continue;
    out.push(text.slice(last, match.index));
    out.push(
      h(
        'button',
        { type: 'button', class: `mark ${term.kind}`, title: `${term.kind === 'method' ? 'Method' : 'Concept'}: ${term.name}`, on: { click: () => go({ view: term.kind, subject: term.name, expanded: [], selected: '', paper: '' }) } },
        match[0],
      ),
    );
    last = match.index! + match[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** A BibTeX entry from the fields the store has (key: first author's surname, year, first title word). */
export function bibtex(p: Pick<PaperDetail, 'id' | 'title' | 'year' | 'venue' | 'authors' | 'url'>): string {
  const surname = (p.authors[0] ?? 'anon').split(/\s+/).pop()!.toLowerCase().replace(/[^a-z]/g, '') || 'anon';
  const word = (p.title.match(/[A-Za-z]{3,}/)?.[0] ?? 'paper').toLowerCase();
  const esc = (t: string) => t.replace(/[{}\\]/g, '');
  const fields: [string, string | number | null][] = [
    ['title', `{${esc(p.title)}}`],
    ['author', p.authors.length ? esc(p.authors.join(' and ')) : null],
    ['year', p.year],
    [p.venue ? 'booktitle' : 'note', p.venue ? esc(p.venue) : `litgraph id ${esc(p.id)}`],
    ['url', safeUrl(p.url)],
  ];
  const body = fields.filter(([, v]) => v != null).map(([k, v]) => `  ${k} = {${v}}`);
  return `@${p.venue ? 'inproceedings' : 'misc'}{${surname}${p.year ?? ''}${word},\n${body.join(',\n')}\n}\n`;
}

async function copy(text: string, status: HTMLElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'BibTeX copied to the clipboard.';
  } catch {
    status.textContent = 'The browser refused the clipboard: select the entry below and copy it.';
  }
}

const RELATION_LABEL: Record<string, string> = { EXTENDS: 'extends', VARIANT_OF: 'is a variant of', BUILDS_ON: 'builds on', FAMILY: 'is a kind of' };

export async function showPaper(panel: HTMLElement, id: string): Promise<void> {
  fill(panel, notice('loading', 'Loading the paper…'));
  let p: PaperDetail | null;
  try {
    p = (await gql<{ paper: PaperDetail | null }>(PAPER, { id })).paper;
  } catch (err) {
    fill(panel, closeButton(), notice('error', `Could not load the paper: ${(err as Error).message}`));
    return;
  }
  if (!p) {
    fill(panel, closeButton(), notice('empty', `No paper has the id “${id}”.`));
    return;
  }
  const paper = p;
  const url = safeUrl(paper.url);
  const edges = new Map<string, PaperLineageEdge>();
  for (const m of paper.methods) {
    for (const e of [...m.method.parents, ...m.method.children]) if (e.paper?.id === paper.id) edges.set(`${e.child.id}|${e.parent.id}|${e.relation}`, e);
  }
  const status = h('p', { class: 'small muted', role: 'status' });
  const bib = bibtex(paper);
  const roles = (['PROPOSES', 'USES', 'COMPARES'] as const).map((role) => ({ role, methods: paper.methods.filter((m) => m.role === role) }));
  const ROLE_LABEL = { PROPOSES: 'Proposes', USES: 'Uses', COMPARES: 'Compares against' };
  const query = `# ${paper.title.replace(/\n/g, ' ')}\n{\n  paper(id: ${JSON.stringify(paper.id)}) {\n    title year venue authors url abstract\n    concepts(first: 10) { weight concept { name } }\n    methods { role evidence method { name } }\n    related(first: 5) { score reason paper { title } }\n  }\n}`;
  fill(
    panel,
    closeButton(),
    h('p', { class: 'eyebrow' }, [paper.year, paper.venue].filter(Boolean).join(' · ') || 'Paper'),
    h('h2', { id: 'paper-title', tabindex: -1 }, paper.title),
    paper.authors.length ? h('p', { class: 'authors' }, paper.authors.join(', ')) : h('p', { class: 'small muted' }, 'No authors recorded.'),
    h(
      'div',
      { class: 'actions' },
      h('button', { class: 'btn primary', type: 'button', on: { click: () => go({ view: 'related', subject: paper.id, expanded: [], selected: '', paper: '' }) } }, 'Related work'),
      h('a', { class: 'btn', href: ideLink(query), target: '_blank', rel: 'noopener' }, 'Open in GraphiQL'),
      h('button', { class: 'btn', type: 'button', on: { click: () => copy(bib, status) } }, 'Copy BibTeX'),
      url ? h('a', { class: 'btn ghost', href: url, target: '_blank', rel: 'noopener noreferrer' }, 'Source ↗') : null,
    ),
    status,
    h('h3', {}, 'Abstract'),
    paper.abstract ? h('p', { class: 'abstract' }, highlighted(paper.abstract, paper)) : h('p', { class: 'muted' }, 'No abstract.'),
    h('p', { class: 'legend small' }, h('span', { class: 'mark concept' }, 'concept'), h('span', { class: 'mark method' }, 'method'), h('span', { class: 'muted' }, 'click one to open it')),
    roles.some((r) => r.methods.length)
      ? [
          h('h3', {}, 'Methods'),
          h(
            'dl',
            { class: 'roles' },
            roles
              .filter((r) => r.methods.length)
              .map((r) => [
                h('dt', {}, ROLE_LABEL[r.role]),
                h('dd', {}, r.methods.map((m) => h('button', { class: 'chip method', type: 'button', title: m.evidence ?? '', on: { click: () => go({ view: 'method', subject: m.method.name, paper: '' }) } }, m.method.name))),
              ]),
          ),
        ]
      : null,
    edges.size
      ? [
          h('h3', {}, 'Lineage this paper states'),
          h(
            'ul',
            { class: 'edge-list' },
            [...edges.values()].map((e) =>
              h('li', {}, h('p', {}, h('strong', {}, e.child.name), ` ${RELATION_LABEL[e.relation] ?? e.relation} `, h('strong', {}, e.parent.name), h('span', { class: 'muted small' }, ` · confidence ${e.confidence.toFixed(2)}`)), h('blockquote', {}, e.evidence)),
            ),
          ),
        ]
      : null,
    paper.concepts.length
      ? [h('h3', {}, 'Concepts'), h('div', { class: 'chips' }, paper.concepts.map((c) => h('button', { class: 'chip', type: 'button', style: `--w:${c.weight}`, on: { click: () => go({ view: 'concept', subject: c.concept.name, expanded: [], selected: '', paper: '' }) } }, c.concept.name)))]
      : null,
    paper.keywords.length ? [h('h3', {}, 'Keywords'), h('p', { class: 'small' }, paper.keywords.join(', '))] : null,
    h('details', { class: 'small' }, h('summary', {}, 'BibTeX'), h('pre', { class: 'bibtex' }, bib)),
    h('p', { class: 'small muted' }, 'id ', h('code', {}, paper.id)),
  );
  (panel.querySelector('#paper-title') as HTMLElement | null)?.focus();
}

function closeButton(): HTMLElement {
  return h('button', { class: 'close', type: 'button', 'aria-label': 'Close the paper (Escape)', on: { click: () => go({ paper: '' }) } }, '×');
}
