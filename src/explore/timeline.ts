// Papers per year for a concept or a method: first appearance and growth, as bars and as a table.

import type { YearCount } from './api';
import { h, plural, s } from './dom';

export function timeline(counts: YearCount[], what: string): HTMLElement {
  if (!counts.length) {
    return h('p', { class: 'muted small' }, `No publication years are known for the papers on ${what}.`);
  }
  const first = counts[0].year;
  const last = counts[counts.length - 1].year;
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const byYear = new Map(counts.map((c) => [c.year, c.papers]));
  const max = Math.max(...counts.map((c) => c.papers));
  const peak = counts.reduce((a, b) => (b.papers > a.papers ? b : a));
  const W = 280;
  const H = 90;
  const bar = W / years.length;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H + 16}`, width: '100%', role: 'img', 'aria-label': `Papers per year on ${what}`, 'font-family': 'system-ui, sans-serif' },
    years.map((year, i) => {
      const n = byYear.get(year) ?? 0;
      const bh = (n / max) * H;
      return s(
        'rect',
        { x: i * bar + 1, y: H - bh, width: Math.max(1, bar - 2), height: bh, rx: 2, fill: year === peak.year ? '#4f46e5' : '#a5b4fc' },
        s('title', {}, `${year}: ${plural(n, 'paper')}`),
      );
    }),
    s('text', { x: 0, y: H + 13, 'font-size': 10, fill: '#5b6070' }, String(first)),
    last !== first ? s('text', { x: W, y: H + 13, 'font-size': 10, fill: '#5b6070', 'text-anchor': 'end' }, String(last)) : null,
  );
  const total = counts.reduce((a, c) => a + c.papers, 0);
  return h(
    'figure',
    { class: 'timeline' },
    svg,
    h('figcaption', { class: 'small muted' }, `First seen ${first}; most papers in ${peak.year} (${peak.papers}); ${plural(total, 'paper')} with a year.`),
    h(
      'details',
      { class: 'small' },
      h('summary', {}, 'Papers per year as a table'),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Year'), h('th', {}, 'Papers'))), h('tbody', {}, counts.map((c) => h('tr', {}, h('td', {}, c.year), h('td', {}, c.papers))))),
    ),
  );
}
