// The ready answers under the drawing: cities sharing at least N networks,
// the shortest connection between two nodes, the overlap of the largest
// networks (a heat map), joins per year, and the drawing as a table (its
// text alternative). Each is one or two public API queries (queries.js).

import { gql } from './api.js';
import { JOINED, OVERLAP, PAIRS, PATH, TIMELINE } from './queries.js';
import { combobox } from './combobox.js';
import { h, fill, s, $, fmt, plural, words, nodeLink, docLink, pagedTable, queryBox, TYPE_NAMES } from './dom.js';
import { report } from './panel.js';

const PAIRS_PAGE = 20;
const CONTEXT_LIMIT = 60; // nodes drawn around each end of a pair or a path

export function setupAnswers(app) {
  const refreshTabs = tabs(app);
  const refreshPairs = pairs(app);
  path(app);
  // After the graph changed: the pairs anew, the open tab anew, the others
  // when next opened.
  app.refreshAnswers = () => { refreshPairs(); refreshTabs(); };
}

// Tabs, as the WAI-ARIA tabs pattern has them: ←/→/Home/End move between
// tabs; the panels load the first time they are shown.
function tabs(app) {
  const list = $('answers').querySelector('[role=tablist]');
  const all = [...list.querySelectorAll('[role=tab]')];
  const loaded = new Set(['tab-pairs', 'tab-path']);
  const loaders = { 'tab-overlap': () => overlap(app), 'tab-timeline': () => timeline(app), 'tab-table': () => app.refreshTable() };

  function select(tab, focus = true) {
    for (const t of all) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
    if (!loaded.has(tab.id) || tab.id === 'tab-table') {
      loaded.add(tab.id);
      loaders[tab.id]?.();
    }
  }
  list.addEventListener('click', (e) => { const t = e.target.closest('[role=tab]'); if (t) select(t); });
  list.addEventListener('keydown', (e) => {
    const i = all.indexOf(document.activeElement);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (to === undefined || i < 0) return;
    e.preventDefault();
    select(all[(to + all.length) % all.length]);
  });
  app.selectTab = (id) => select($(id), false);
  return () => {
    for (const id of Object.keys(loaders)) loaded.delete(id);
    const open = all.find((t) => t.getAttribute('aria-selected') === 'true');
    if (open && loaders[open.id]) {
      loaded.add(open.id);
      loaders[open.id]();
    }
  };
}

// Cities sharing at least N networks: a slider for N, a paged table
// (Relay cursors), and a click on a pair draws both cities with the
// networks they share highlighted.
function pairs(app) {
  const slider = $('min-shared');
  const out = $('min-shared-out');
  const result = $('pairs-result');
  let timer;

  async function run() {
    const n = Number(slider.value);
    out.textContent = n;
    const table = pagedTable({
      caption: `Pairs of cities that share at least ${plural(n, 'network')}, most shared first`,
      head: ['Cities', 'Shared', 'Networks they share', 'Jaccard'],
      pageSize: PAIRS_PAGE,
      empty: `No two cities share ${plural(n, 'network')}.`,
      fetchPage: async (after) => {
        const { cityPairs } = await gql(PAIRS, { minShared: n, first: PAIRS_PAGE, after });
        return { ...cityPairs, rows: cityPairs.edges.map((e) => e.node) };
      },
      row: (p) => h('tr', {},
        h('th', { scope: 'row' }, h('button', {
          type: 'button', class: 'link pair', 'data-a': p.a.id, 'data-b': p.b.id,
          onclick: () => showPair(app, p).catch(app.showError),
        }, `${p.a.name} – ${p.b.name}`)),
        h('td', { class: 'num' }, p.sharedCount),
        h('td', {}, p.shared.map((x, i) => [i ? ', ' : '', nodeLink(x.id, x.acronym ?? x.name, 'NETWORK')])),
        h('td', { class: 'num' }, p.jaccard.toFixed(2))),
    });
    fill(result, table.element, queryBox(PAIRS, { minShared: n, first: PAIRS_PAGE }));
    await table.load();
  }
  slider.addEventListener('input', () => {
    out.textContent = slider.value;
    clearTimeout(timer);
    timer = setTimeout(() => run().catch(report(result)), 200);
  });
  $('pairs-form').addEventListener('submit', (e) => e.preventDefault());
  const refresh = () => run().catch(report(result));
  refresh();
  return refresh;
}

async function showPair(app, p) {
  app.mapSelect({ pair: { a: p.a, b: p.b } });
  const [a, b] = await Promise.all([p.a.id, p.b.id].map((id) => app.neighbourhood(id, 1, CONTEXT_LIMIT, 'CITY')));
  const sharedIds = p.shared.map((x) => x.id);
  if (!await app.draw([a, b], { center: p.a.id })) return;
  const edges = sharedIds.flatMap((n) => [...app.drawing.edgesBetween(p.a.id, n), ...app.drawing.edgesBetween(p.b.id, n)]);
  app.drawing.highlight([p.a.id, p.b.id, ...sharedIds], edges);
  app.status(`${p.a.name} and ${p.b.name} share ${plural(p.sharedCount, 'network')}: ${p.shared.map((x) => x.name).join(', ')} (highlighted).`);
  app.panel.showNode(p.a.id, 'CITY').catch(app.showError);
  app.scrollToDrawing();
}

// Shortest connection between two nodes, drawn as a highlighted path with
// each end's neighbourhood around it, and written out step by step.
function path(app) {
  const from = combobox($('path-from'), $('path-from-list'), { onPick: () => {}, onError: app.showError });
  const to = combobox($('path-to'), $('path-to-list'), { onPick: () => {}, onError: app.showError });
  const result = $('path-result');
  $('path-form').addEventListener('submit', (e) => {
    e.preventDefault();
    find().catch(report(result));
  });

  async function find() {
    const [a, b] = await Promise.all([from.resolve(), to.resolve()]);
    if (!a || !b) {
      fill(result, h('p', { class: 'error' }, `Nothing matches “${(a ? $('path-to') : $('path-from')).value}”.`));
      return;
    }
    const maxHops = Number($('path-hops').value);
    const { path: p } = await gql(PATH, { from: a.id, to: b.id, maxHops });
    if (!p) {
      fill(result, h('p', {}, `No connection between ${a.label} and ${b.label} within ${plural(maxHops, 'hop')}.`));
      return;
    }
    app.mapSelect({ path: p });
    const label = Object.fromEntries(p.nodes.map((n) => [n.id, n]));
    fill(result,
      h('p', {}, `${label[a.id]?.label ?? a.label} to ${label[b.id]?.label ?? b.label}: ${plural(p.length, 'step')}.`),
      h('ol', { class: 'path' }, p.edges.map((e, i) => {
        const here = p.nodes[i].id;
        const there = p.nodes[i + 1].id;
        const forward = e.source === here;
        return h('li', {},
          nodeLink(here, label[here].label, label[here].type),
          forward ? ` — ${words(e.type)} → ` : ` ← ${words(e.type)} — `,
          nodeLink(there, label[there].label, label[there].type),
          [e.since && ` since ${e.since}`, e.date && ` (${e.date})`, e.title && ` (${e.title})`].filter(Boolean).join(''),
          e.sources.length ? h('details', {}, h('summary', {}, plural(e.sources.length, 'source')),
            h('ul', { class: 'cites' }, e.sources.map((c) => h('li', {},
              h('blockquote', { lang: c.source.language || null }, `“${c.quote}”`),
              h('p', { class: 'cite' }, '— ', h('cite', {}, docLink(c.source.id, c.source.title)), c.source.file ? [', ', h('code', {}, c.source.file)] : ''))))) : null);
      })),
      queryBox(PATH, { from: a.id, to: b.id, maxHops }));
    const around = await Promise.all([a, b].map((x) => app.neighbourhood(x.id, 1, CONTEXT_LIMIT, x.type)));
    if (!await app.draw([...around, p], { center: a.id })) return;
    app.drawing.highlight(p.nodes.map((n) => n.id), p.edges.map((e) => e.id));
    app.status(`The shortest connection from ${label[a.id].label} to ${label[b.id].label}: ${plural(p.length, 'step')} (highlighted).`);
    app.panel.showNode(a.id, a.type).catch(app.showError);
  }
}

// The overlap of the 20 largest networks as a heat map: a table whose cells
// are shaded by the value, so the table is its own text alternative.
async function overlap(app) {
  const result = $('overlap-result');
  fill(result, h('p', {}, 'Loading…'));
  try {
    const { networkOverlap: o } = await gql(OVERLAP);
    const draw = () => {
      const measure = document.querySelector('input[name=overlap-measure]:checked').value;
      const m = measure === 'jaccard' ? o.jaccard : o.shared;
      // The diagonal (a network with itself) would set the scale: leave it out.
      const max = Math.max(1e-9, ...m.flatMap((row, i) => row.filter((_, j) => j !== i)));
      const name = (n) => n.acronym ?? n.name;
      fill(result, h('div', { class: 'heat-wrap' }, h('table', { class: 'heat' },
        h('caption', {}, measure === 'jaccard'
          ? 'Jaccard overlap of the member cities of the largest networks (shared ÷ members of either)'
          : 'Member cities shared by the largest networks (the diagonal: each network’s members)'),
        h('thead', {}, h('tr', {}, h('td'), o.networks.map((n) => h('th', { scope: 'col', title: n.name }, h('span', {}, name(n)))))),
        h('tbody', {}, o.networks.map((row, i) => h('tr', {},
          h('th', { scope: 'row' }, nodeLink(row.id, name(row), 'NETWORK')),
          m[i].map((v, j) => {
            const td = h('td', { title: `${row.name} and ${o.networks[j].name}: ${measure === 'jaccard' ? v.toFixed(3) : plural(v, 'shared city', 'shared cities')}` },
              measure === 'jaccard' ? (v ? v.toFixed(2) : '·') : (v ? fmt.format(v) : '·'));
            const t = i === j ? 0 : Math.min(1, v / max);
            td.style.backgroundColor = i === j ? '#eef1f4' : heat(t);
            if (t > 0.55) td.classList.add('dark');
            return td;
          })))))), queryBox(OVERLAP));
    };
    document.querySelectorAll('input[name=overlap-measure]').forEach((r) => r.addEventListener('change', draw));
    draw();
  } catch (err) {
    report(result)(err);
  }
}

// white → deep blue
function heat(t) {
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return `rgb(${mix(255, 8)}, ${mix(255, 48)}, ${mix(255, 107)})`;
}

// Joins per year: an SVG bar chart (with its numbers as a table), and a
// click on a bar (or a year of the table) lists the cities that joined.
async function timeline(app) {
  const result = $('timeline-result');
  fill(result, h('p', {}, 'Loading…'));
  try {
    const { stats } = await gql(TIMELINE);
    const years = stats.joinsPerYear;
    const total = years.reduce((t, y) => t + y.count, 0);
    if (!years.length) {
      fill(result, h('p', {}, `No membership has a year (${plural(stats.joinsWithoutYear, 'membership')} without one).`));
      return;
    }
    const first = years[0].year;
    const last = years.at(-1).year;
    const span = last - first + 1;
    const max = Math.max(...years.map((y) => y.count));
    const W = 900, H = 220, L = 44, B = 28, T = 10;
    const bw = (W - L - 8) / span;
    const x = (year) => L + (year - first) * bw;
    const y = (n) => T + (H - T - B) * (1 - n / max);
    const step = Math.max(1, Math.ceil(span / 12 / 5) * 5);
    const ticks = [];
    for (let yr = Math.ceil(first / step) * step; yr <= last; yr += step) ticks.push(yr);
    if (!ticks.length) ticks.push(first);

    const chart = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'timeline', role: 'img',
      'aria-label': `Bar chart: memberships by the year they began, ${first}–${last}; the same numbers are in the table below.` },
    s('line', { x1: L, x2: W - 4, y1: H - B, y2: H - B, class: 'axis' }),
    s('text', { x: L - 6, y: T + 8, class: 'tick', 'text-anchor': 'end' }, fmt.format(max)),
    s('text', { x: L - 6, y: H - B, class: 'tick', 'text-anchor': 'end' }, '0'),
    ticks.map((yr) => s('text', { x: x(yr) + bw / 2, y: H - 8, class: 'tick', 'text-anchor': 'middle' }, yr)),
    years.map((d) => s('rect', {
      x: x(d.year) + (bw > 4 ? 1 : 0), y: y(d.count), width: Math.max(1, bw - (bw > 4 ? 2 : 0)), height: H - B - y(d.count),
      class: 'bar', 'data-year': d.year, onclick: () => joined(d.year),
    }, s('title', {}, `${d.year}: ${plural(d.count, 'city joined', 'cities joined')}`))));

    fill(result,
      h('p', {}, `${plural(total, 'membership')} began between ${first} and ${last}`,
        stats.joinsWithoutYear ? `; ${plural(stats.joinsWithoutYear, 'more has', 'more have')} no year in the sources` : '',
        '. Click a bar or a year for the cities.'),
      chart,
      h('details', {}, h('summary', {}, 'The numbers as a table'),
        h('table', { class: 'compact' }, h('caption', {}, 'Memberships by the year they began'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Year'), h('th', { scope: 'col' }, 'Joins'))),
          h('tbody', {}, years.map((d) => h('tr', {},
            h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => joined(d.year) }, d.year)),
            h('td', { class: 'num' }, fmt.format(d.count))))))),
      queryBox(TIMELINE));
  } catch (err) {
    report(result)(err);
  }

  function joined(year) {
    const box = $('timeline-cities');
    const table = pagedTable({
      caption: `Cities that joined a network in ${year}`,
      head: ['City', 'Country', 'Networks joined that year'],
      pageSize: 20,
      fetchPage: async (after) => {
        const { cities } = await gql(JOINED, { year, first: 20, after });
        return { ...cities, rows: cities.edges.map((e) => e.node) };
      },
      row: (c) => h('tr', {},
        h('th', { scope: 'row' }, nodeLink(c.id, c.name, 'CITY')), h('td', {}, c.country.name),
        h('td', {}, c.memberships.filter((m) => m.since?.startsWith(String(year)))
          .map((m, i) => [i ? ', ' : '', nodeLink(m.network.id, m.network.name, 'NETWORK'), ` (${m.since})`]))),
    });
    fill(box, h('h3', {}, `Joined in ${year}`), table.element);
    table.load().catch(report(table.element));
  }
}

// The drawing as a table: the text alternative of the canvas.
const TABLE_PAGE = 100;

// The drawing as a table, a page of 100 nodes at a time (a drawing holds up
// to 1,000): the text alternative of the canvas.
export function drawingTable(drawing, caption) {
  const rows = drawing.rows().sort((a, b) => (a.type === b.type ? a.label.localeCompare(b.label) : a.type < b.type ? -1 : 1));
  const table = pagedTable({
    caption,
    head: ['Name', 'Type', 'Country / members', 'Relationships in the drawing', 'Connected to'],
    pageSize: TABLE_PAGE,
    empty: 'Nothing is drawn.',
    // The rows are here already; a cursor is the offset of the next page.
    fetchPage: async (after) => {
      const from = Number(after ?? 0);
      const next = from + TABLE_PAGE;
      return { totalCount: rows.length, pageInfo: { hasNextPage: next < rows.length, endCursor: String(next) }, rows: rows.slice(from, next) };
    },
    row: (r) => h('tr', {},
      h('th', { scope: 'row' }, nodeLink(r.id, r.label, r.type)),
      h('td', {}, TYPE_NAMES[r.type]),
      h('td', {}, r.type === 'CITY' ? (r.countryName ?? '') : r.type === 'NETWORK' ? plural(r.members ?? 0, 'member') : ''),
      h('td', { class: 'num' }, r.degree),
      h('td', {}, r.neighbours.slice(0, 8).join(', ') + (r.neighbours.length > 8 ? `, … (${fmt.format(r.neighbours.length - 8)} more)` : ''))),
  });
  table.load();
  return table.element;
}
