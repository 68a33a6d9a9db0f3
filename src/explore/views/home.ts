// The start page: what the store holds and a way into each of the three questions.

import { gql, OVERVIEW, type Overview } from '../api';
import { communityColour, fill, h, notice, plural } from '../dom';
import { go, link } from '../state';
import type { View, ViewRoot } from './view';

export function homeView(root: ViewRoot): View {
  let alive = true;
  root.title('Explore the graph', '');
  fill(root.stage, notice('loading', 'Loading…'));
  fill(root.side);
  gql<Overview>(OVERVIEW)
    .then((d) => {
      if (!alive) return;
      const st = d.stats;
      if (!st.papers) {
        fill(root.stage, notice('empty', 'The store holds no papers yet.', h('p', { class: 'small' }, 'Ingest some with ', h('code', {}, 'npx litgraph ingest <file>'), ', then reload.')));
        return;
      }
      const card = (title: string, question: string, ...body: (HTMLElement | null)[]) => h('section', { class: 'card question' }, h('p', { class: 'eyebrow' }, question), h('h2', {}, title), ...body);
      const content = h(
        'div',
        { class: 'home' },
        h(
          'p',
          { class: 'stat-line big' },
          h('span', {}, h('strong', {}, st.papers.toLocaleString('en')), ' papers'),
          h('span', {}, h('strong', {}, st.concepts.toLocaleString('en')), ' concepts'),
          h('span', {}, h('strong', {}, st.methods.toLocaleString('en')), ' methods'),
          h('span', {}, h('strong', {}, st.lineageEdges.toLocaleString('en')), ' lineage edges'),
        ),
        h(
          'div',
          { class: 'questions' },
          card(
            'Concept map',
            'What lives around a concept?',
            h('p', { class: 'small muted' }, 'Concepts that co-occur with it, their communities, broader and narrower ones.'),
            h(
              'div',
              { class: 'chips' },
              d.concepts.edges.map(({ node: c }) =>
                h('button', { class: 'chip', type: 'button', style: `--dot:${communityColour(c.community)}`, on: { click: () => go({ view: 'concept', subject: c.name }, { fresh: true }) } }, c.name, h('span', { class: 'count' }, c.paperCount)),
              ),
            ),
          ),
          card(
            'Method family',
            'Where does a method come from?',
            h('p', { class: 'small muted' }, 'Ancestors and descendants, each link with the sentence that states it.'),
            h(
              'div',
              { class: 'chips' },
              d.methods.edges.map(({ node: m }) =>
                h('button', { class: 'chip method', type: 'button', on: { click: () => go({ view: 'method', subject: m.name }, { fresh: true }) } }, m.name, h('span', { class: 'count' }, m.paperCount)),
              ),
            ),
          ),
          card(
            'Related work',
            'What should I cite next to this paper, and why?',
            h('p', { class: 'small muted' }, 'Search a paper above, or start from one of these, or from your own draft.'),
            h(
              'ul',
              { class: 'paper-list' },
              d.papers.edges.map(({ node: p }) => h('li', {}, link({ view: 'related', subject: p.id }, p.title, 'link', { fresh: true }))),
            ),
            h('button', { class: 'btn', type: 'button', on: { click: () => go({ view: 'draft' }, { fresh: true }) } }, 'Paste a draft abstract'),
          ),
        ),
        h('p', { class: 'small muted' }, `${plural(st.embeddedPapers, 'paper')} embedded with ${st.embeddingModel ?? 'no model'}. Every figure here comes from the public GraphQL API at `, h('code', {}, '/graphql'), '.'),
      );
      fill(root.stage, content);
    })
    .catch((err: Error) => alive && fill(root.stage, notice('error', `Could not reach the API: ${err.message}`)));
  return {
    key: 'home',
    update() {},
    destroy() {
      alive = false;
    },
    graph: () => null,
    picture: () => null,
  };
}
