// The side panel: what the graph knows about one node or relationship,
// every fact followed by its sources (document and quoted sentence).

import { gql } from './api.js';
import { DETAILS, EDGE, MEMBERS, SUPPORTS } from './queries.js';
import { h, fill, $, words, nodeLink, docLink, pagedTable, plural, fmt, TYPE_NAMES } from './dom.js';

const TYPENAME = {
  City: 'CITY', Country: 'COUNTRY', Network: 'NETWORK', Event: 'EVENT', Partnership: 'PARTNERSHIP',
  Person: 'PERSON', Institution: 'INSTITUTION', Source: 'SOURCE',
};

const MEMBERS_PAGE = 20;

export function createPanel({ onClose }) {
  const title = $('panel-title');
  const body = $('panel-body');
  let seq = 0; // answers to an older click are dropped
  let current = null; // the node shown: {id, type}

  $('panel-close').addEventListener('click', () => { clear(); onClose(); });

  function open(heading, ...content) {
    title.textContent = heading;
    fill(body, content);
    body.scrollTop = 0;
  }

  function clear() {
    seq++;
    current = null;
    open('Details', h('p', {}, 'Click a node or a line in the drawing, or search above, to see what the graph knows about it and where each fact comes from.'));
  }

  // showNode fetches and shows a node of the given type (CITY, …).
  async function showNode(id, type) {
    const my = ++seq;
    body.setAttribute('aria-busy', 'true');
    try {
      const data = await gql(DETAILS[type], { id });
      if (my !== seq) return;
      const record = Object.values(data)[0];
      current = { id, type };
      const render = RENDER[type];
      open(record.name ?? record.title ?? words(record.kind), h('p', { class: 'kind' }, TYPE_NAMES[type], ' · ', h('code', {}, id)), ...render(record));
    } finally {
      if (my === seq) body.removeAttribute('aria-busy');
    }
  }

  // showEdge shows one relationship of the drawing with its sources.
  async function showEdge(edge) {
    const my = ++seq;
    current = null;
    const { path } = await gql(EDGE, { from: edge.source, to: edge.target, type: edge.type });
    if (my !== seq) return;
    const e = path?.edges.find((x) => x.id === edge.id) ?? path?.edges[0];
    if (!e) {
      open(words(edge.type), h('p', {}, 'This relationship is no longer in the graph.'));
      return;
    }
    const label = Object.fromEntries(path.nodes.map((n) => [n.id, n]));
    const end = (id) => nodeLink(id, label[id]?.label ?? id, label[id]?.type);
    open(`${label[e.source]?.label ?? e.source} → ${label[e.target]?.label ?? e.target}`,
      h('p', { class: 'kind' }, 'relationship · ', h('code', {}, e.type)),
      h('dl', {},
        field('From', end(e.source)), field('Relationship', words(e.type)), field('To', end(e.target)),
        field('Since', e.since), field('Until', e.until), field('Status', words(e.status)),
        field('Title', e.title), field('Date', e.date)),
      h('h3', {}, 'Sources'), cites(e.sources));
  }

  return { showNode, showEdge, clear, current: () => current, focusTitle: () => title.focus() };
}

// A fact's citations: each quoted sentence with its document.
function cites(sources) {
  if (!sources?.length) return h('p', { class: 'nosource' }, 'No source given.');
  return h('ul', { class: 'cites' }, sources.map(({ quote, source: d }) =>
    h('li', {},
      h('blockquote', { lang: d.language || null }, `“${quote}”`),
      h('p', { class: 'cite' }, '— ',
        h('cite', {}, d.id ? docLink(d.id, d.title) : d.title), d.titleEn && d.titleEn !== d.title ? ` (${d.titleEn})` : '',
        d.publisher ? `, ${d.publisher}` : '',
        d.published ? `, ${d.published}` : '',
        d.file ? [', file ', h('code', {}, d.file)] : '',
        d.url ? [', ', h('a', { href: d.url, rel: 'noopener noreferrer', target: '_blank' }, 'original page')] : ''))));
}

function field(name, value) {
  if (value == null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  const text = Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : value;
  return [h('dt', {}, name), h('dd', {}, text)];
}

const dates = (since, until) => (since || until ? `${since ?? '?'} – ${until ?? 'now'}` : 'dates not given');

// One fact in a list: a line of text (a node link, dates, status) and its sources.
const fact = (line, sources) => h('li', { class: 'fact' }, h('p', {}, line), cites(sources));

function section(heading, items, make) {
  if (!items?.length) return null;
  return [h('h3', {}, `${heading} (${fmt.format(items.length)})`), h('ul', { class: 'facts' }, items.map(make))];
}

const party = (p) => nodeLink(p.id, p.name, p.__typename ? TYPENAME[p.__typename] : undefined);

const RENDER = {
  CITY: (c) => [
    h('dl', {},
      field('English name', c.name), field('Local name', c.localName),
      field('Also known as', c.altNames),
      field('Country', c.country ? nodeLink(c.country.id, c.country.name, 'COUNTRY') : null)),
    section('Memberships', c.memberships, (m) => fact(
      [nodeLink(m.network.id, m.network.name, 'NETWORK'), ' · ', dates(m.since, m.until), ' · ', words(m.status),
        m.phase ? ` · phase ${m.phase}` : '', m.focus.length ? ` · ${m.focus.join(', ')}` : ''],
      m.sources)),
    section('Founded', c.founded, (f) => fact(
      [nodeLink(f.network.id, f.network.name, 'NETWORK'), f.date ? ` · ${f.date}` : '', f.note ? ` · ${f.note}` : ''], f.sources)),
    section('Events held here', c.events, (e) => fact([nodeLink(e.id, e.name, 'EVENT'), ` · ${words(e.kind)}`, e.date ? ` · ${e.date}` : ''], e.sources)),
    section('Events attended', c.attended, (e) => h('li', {}, nodeLink(e.id, e.name, 'EVENT'), e.date ? ` · ${e.date}` : '')),
    section('Partnerships', c.partnerships, (p) => fact(
      [nodeLink(p.id, p.name ?? words(p.kind), 'PARTNERSHIP'), ` · ${words(p.kind)}`, p.date ? ` · ${p.date}` : '',
        ' · with ', joinNodes(p.parties.filter((x) => x.id !== c.id).map(party)),
        p.areas.length ? ` · ${p.areas.join(', ')}` : ''],
      p.sources)),
    section('Offices', c.offices, (o) => fact(
      [nodeLink(o.person.id, o.person.name, 'PERSON'), ` · ${o.titleEn ?? o.title}`, o.since ? ` · since ${o.since}` : ''], o.sources)),
    section('Institutions', c.institutions, (i) => h('li', {}, nodeLink(i.id, i.name, 'INSTITUTION'), ` · ${words(i.kind)}`)),
    section('Stated values', c.claims, (cl) => fact(`${cl.property}: ${cl.value}`, cl.sources)),
    h('h3', {}, 'Sources about this city'), cites(c.sources),
  ],

  NETWORK: (n) => {
    const members = pagedTable({
      caption: `Member cities of ${n.name}`,
      head: ['City', 'Country', 'Since', 'Until', 'Status', 'Source'],
      pageSize: MEMBERS_PAGE,
      fetchPage: async (after) => {
        const { cities } = await gql(MEMBERS, { network: n.id, first: MEMBERS_PAGE, after });
        return { ...cities, rows: cities.edges.flatMap(({ node: city }) =>
          city.memberships.filter((m) => m.network.id === n.id).map((m) => ({ city, m }))) };
      },
      row: ({ city, m }) => h('tr', {},
        h('td', {}, nodeLink(city.id, city.name, 'CITY')), h('td', {}, city.country.name),
        h('td', {}, m.since ?? '—'), h('td', {}, m.until ?? '—'), h('td', {}, words(m.status)),
        h('td', {}, m.sources.length ? h('details', {}, h('summary', {}, plural(m.sources.length, 'quote')), cites(m.sources)) : '—')),
    });
    members.load().catch(report(members.element));
    return [
      h('dl', {},
        field('Name', n.name), field('As the source writes it', n.localName), field('Acronym', n.acronym),
        field('Also known as', n.altNames), field('Kind', words(n.kind)), field('Scope', words(n.scope)),
        field('Founded', n.founded), field('Seat', n.seat ? nodeLink(n.seat.id, n.seat.name, 'CITY') : null),
        field('Website', n.website ? h('a', { href: n.website, rel: 'noopener noreferrer', target: '_blank' }, n.website) : null),
        field('Topics', n.topics), field('Member cities', fmt.format(n.memberCount))),
      n.description ? h('p', {}, n.description) : null,
      section('Founders', n.founders, (f) => fact(
        [party(f.founder), f.date ? ` · ${f.date}` : '', f.note ? ` · ${f.note}` : ''], f.sources)),
      section('Stated values', n.claims, (cl) => fact(`${cl.property}: ${cl.value}`, cl.sources)),
      section('Events organised', n.events, (e) => h('li', {}, nodeLink(e.id, e.name, 'EVENT'), e.date ? ` · ${e.date}` : '')),
      h('h3', {}, `Members (${fmt.format(n.memberCount)})`), members.element,
      h('h3', {}, 'Sources about this network'), cites(n.sources),
    ];
  },

  COUNTRY: (c) => [
    h('dl', {}, field('Name', c.name), field('Local name', c.localName), field('Also known as', c.altNames)),
    h('p', {}, 'Cities are coloured by country in the drawing.'),
    h('h3', {}, 'Sources'), cites(c.sources),
  ],

  EVENT: (e) => [
    h('dl', {},
      field('Name', e.name), field('As the source writes it', e.localName), field('Kind', words(e.kind)),
      field('Date', e.date), field('Place', e.place ? nodeLink(e.place.id, e.place.name, 'CITY') : null),
      field('Organiser', e.organizer ? nodeLink(e.organizer.id, e.organizer.name, 'NETWORK') : null),
      field('Topics', e.topics), field('Participants', e.participants.length ? joinNodes(e.participants.map(party)) : null)),
    e.description ? h('p', {}, e.description) : null,
    h('h3', {}, 'Sources'), cites(e.sources),
  ],

  PARTNERSHIP: (p) => [
    h('dl', {},
      field('Kind', words(p.kind)), field('Date', p.date), field('Parties', joinNodes(p.parties.map(party))),
      field('Areas', p.areas)),
    p.description ? h('p', {}, p.description) : null,
    h('h3', {}, 'Sources'), cites(p.sources),
  ],

  PERSON: (p) => [
    h('dl', {}, field('Name', p.name), field('Also written', p.altNames)),
    section('Offices', p.offices, (o) => fact(
      [o.titleEn ?? o.title, ' of ', nodeLink(o.city.id, o.city.name, 'CITY'), o.since ? ` · since ${o.since}` : '',
        o.titleEn ? [' · ', h('span', { lang: 'pl' }, o.title)] : ''], o.sources)),
    h('h3', {}, 'Sources'), cites(p.sources),
  ],

  INSTITUTION: (i) => [
    h('dl', {},
      field('Name', i.name), field('Local name', i.localName), field('Acronym', i.acronym), field('Kind', words(i.kind)),
      field('City', i.city ? nodeLink(i.city.id, i.city.name, 'CITY') : null),
      field('Country', i.country ? nodeLink(i.country.id, i.country.name, 'COUNTRY') : null)),
    section('Partnerships', i.partnerships, (p) => h('li', {}, nodeLink(p.id, p.name ?? words(p.kind), 'PARTNERSHIP'), p.date ? ` · ${p.date}` : '')),
    section('Events attended', i.attended, (e) => h('li', {}, nodeLink(e.id, e.name, 'EVENT'), e.date ? ` · ${e.date}` : '')),
    h('h3', {}, 'Sources'), cites(i.sources),
  ],

  SOURCE: (d) => {
    const supports = pagedTable({
      caption: `What “${d.title}” supports, with the sentence it quotes`,
      head: ['Record, and the sentence quoted'],
      pageSize: SUPPORTS_PAGE,
      empty: 'No record cites this document.',
      fetchPage: async (after) => {
        const { source } = await gql(SUPPORTS, { id: d.id, first: SUPPORTS_PAGE, after });
        return { ...source.supports, rows: source.supports.edges.map((e) => e.node) };
      },
      row: (sp) => h('tr', {}, h('td', { class: 'support' },
        h('p', {}, h('span', { class: 'kind' }, RECORD_NAMES[sp.section] ?? words(sp.section)), ' · ', supported(sp)),
        h('blockquote', { lang: d.language || null }, `“${sp.quote}”`))),
    });
    supports.load().catch(report(supports.element));
    return [
      h('dl', {},
        field('Title', d.title), field('Title in English', d.titleEn), field('Publisher', d.publisher),
        field('Author', d.author), field('Language', d.language), field('Published', d.published),
        field('Updated', d.updated), field('File', d.file ? h('code', {}, d.file) : null),
        field('Address', d.url ? h('a', { href: d.url, rel: 'noopener noreferrer', target: '_blank' }, d.url) : null)),
      h('h3', {}, 'What this document supports'), supports.element,
    ];
  },
};

const SUPPORTS_PAGE = 20;

// A record of each dataset section, in words.
const RECORD_NAMES = {
  countries: 'country', cities: 'city', networks: 'network', institutions: 'institution', people: 'person',
  events: 'event', partnerships: 'partnership', memberships: 'membership', founders: 'founding',
  offices: 'office', claims: 'stated value',
};

// The fact a support is about: the node, or both ends of a relationship
// with what tells it apart (a membership's start, an office's title), or a
// claim's property and value.
function supported(sp) {
  const link = (n) => (n ? nodeLink(n.id, n.name ?? n.title ?? (n.kind ? words(n.kind) : n.id), TYPENAME[n.__typename]) : null);
  switch (sp.section) {
    case 'memberships':
      return [link(sp.subject), ' member of ', link(sp.object), sp.key[2] ? ` since ${sp.key[2]}` : ''];
    case 'founders':
      return [link(sp.subject), ' founded ', link(sp.object)];
    case 'offices':
      return [link(sp.subject), ` ${sp.key[2]} of `, link(sp.object), sp.key[3] ? ` since ${sp.key[3]}` : ''];
    case 'claims':
      return [link(sp.subject), `: ${sp.key[1]} = ${sp.key[2]}`];
    default:
      return link(sp.subject);
  }
}

function joinNodes(links) {
  return links.flatMap((l, i) => (i ? [', ', l] : [l]));
}

// report turns a failed load into a line in place of the content.
export const report = (box) => (err) => {
  fill(box, h('p', { class: 'error' }, `Could not load: ${err.message}`));
};
