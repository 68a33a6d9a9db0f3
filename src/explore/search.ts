// The search box: suggestions of concepts, methods and papers as one types (an ARIA combobox: arrows move,
// Enter opens, Escape closes; "/" anywhere focuses it).

import { gql, SUGGEST, type Suggestions } from './api';
import { communityColour, debounce, fill, h } from './dom';
import { go } from './state';

interface Option {
  kind: 'concept' | 'method' | 'paper';
  label: string;
  detail: string;
  open(): void;
  dot?: string;
}

export function searchBox(): HTMLElement {
  const input = h('input', {
    id: 'search',
    type: 'search',
    placeholder: 'Search concepts, methods, papers…  ( / )',
    autocomplete: 'off',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-controls': 'suggestions',
    'aria-autocomplete': 'list',
    'aria-label': 'Search concepts, methods and papers',
  }) as HTMLInputElement;
  const box = h('div', { id: 'suggestions', role: 'listbox', class: 'suggestions', hidden: true });
  let options: Option[] = [];
  let active = -1;
  let asked = 0;

  const close = () => {
    box.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const choose = (o: Option) => {
    close();
    input.value = '';
    input.blur();
    o.open();
  };
  const highlight = (i: number) => {
    active = i;
    box.querySelectorAll('[role=option]').forEach((el, j) => el.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `opt-${i}`);
      box.querySelector(`#opt-${i}`)?.scrollIntoView({ block: 'nearest' });
    }
  };
  const render = (q: string) => {
    const groups: [string, Option[]][] = [
      ['Concepts', options.filter((o) => o.kind === 'concept')],
      ['Methods', options.filter((o) => o.kind === 'method')],
      ['Papers', options.filter((o) => o.kind === 'paper')],
    ];
    let i = 0;
    fill(
      box,
      options.length
        ? groups
            .filter(([, list]) => list.length)
            .map(([title, list]) =>
              h(
                'div',
                { role: 'group', 'aria-label': title },
                h('div', { class: 'group-title', 'aria-hidden': 'true' }, title),
                list.map((o) => {
                  const id = i++;
                  return h(
                    'div',
                    { id: `opt-${id}`, role: 'option', class: `option ${o.kind}`, 'aria-selected': 'false', on: { mousedown: (e) => e.preventDefault(), click: () => choose(o) } },
                    o.dot ? h('span', { class: 'dot', style: `background:${o.dot}` }) : null,
                    h('span', { class: 'label' }, o.label),
                    h('span', { class: 'detail' }, o.detail),
                  );
                }),
              ),
            )
        : h('div', { class: 'option empty' }, `Nothing matches “${q}”.`),
    );
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(options.length ? 0 : -1);
  };
  const suggest = debounce(async (q: string) => {
    const ask = ++asked;
    try {
      const d = await gql<Suggestions>(SUGGEST, { q });
      if (ask !== asked || input.value.trim() !== q) return;
      options = [
        ...d.concepts.edges.map(({ node: c }): Option => ({ kind: 'concept', label: c.name, detail: `${c.paperCount} papers`, dot: communityColour(c.community), open: () => go({ view: 'concept', subject: c.name }, { fresh: true }) })),
        ...d.methods.edges.map(({ node: m }): Option => ({ kind: 'method', label: m.name, detail: `${m.paperCount} papers`, open: () => go({ view: 'method', subject: m.name }, { fresh: true }) })),
        ...d.search.map(({ paper: p }): Option => ({ kind: 'paper', label: p.title, detail: [p.year, p.venue].filter(Boolean).join(' · '), open: () => go({ view: 'related', subject: p.id, paper: p.id }, { fresh: true }) })),
      ];
      render(q);
    } catch (err) {
      options = [];
      fill(box, h('div', { class: 'option empty', role: 'alert' }, (err as Error).message));
      box.hidden = false;
    }
  }, 140);

  input.addEventListener('input', () => {
    const q = input.value.trim();
    if (q.length < 2) return close();
    suggest(q);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && options.length) {
      e.preventDefault();
      if (box.hidden) render(input.value.trim());
      highlight((active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && options.length) {
      e.preventDefault();
      highlight((active - 1 + options.length) % options.length);
    } else if (e.key === 'Enter' && active >= 0 && !box.hidden) {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (e.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      e.preventDefault();
      input.focus();
    }
  });
  return h('div', { class: 'search' }, input, box);
}
