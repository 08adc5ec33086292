// Building the page's DOM without innerHTML: every text from the API goes
// in as a text node, so no data can become markup (and no inline style or
// script, which the Content-Security-Policy forbids anyway).

// h('a', {href: '#x', class: 'link'}, 'text', child, [more, children]).
// Attributes named on… are event listeners; null, undefined and false are
// left out; true is an empty attribute.
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export const $ = (id) => document.getElementById(id);

// fill replaces el's children, as h() takes them (nested arrays, nulls).
export function fill(el, ...children) {
  el.replaceChildren();
  return build(el, null, children);
}

// Words for the API's enum values: FULL_MEMBER → "full member".
export const words = (v) => (v == null ? '' : String(v).toLowerCase().replaceAll('_', ' '));

export const TYPE_NAMES = {
  CITY: 'city', COUNTRY: 'country', NETWORK: 'network', INSTITUTION: 'institution',
  PERSON: 'person', EVENT: 'event', PARTNERSHIP: 'partnership', SOURCE: 'document',
};

const TYPE_PLURALS = { CITY: 'cities', COUNTRY: 'countries', PERSON: 'people' };

export const fmt = new Intl.NumberFormat('en');

// plural(3, 'city', 'cities') → "3 cities"
export const plural = (n, one, many = one + 's') => `${fmt.format(n)} ${n === 1 ? one : many}`;

// typeCount(3, 'CITY') → "3 cities"
export const typeCount = (n, type) => plural(n, TYPE_NAMES[type], TYPE_PLURALS[type]);

// A link that draws a node and opens its details: one delegated listener
// (main.js) handles every [data-focus] on the page.
export const nodeLink = (id, label, type) =>
  h('button', { type: 'button', class: 'link', 'data-focus': id, 'data-type': type }, label);

// A link that opens a document's details in the panel, leaving the drawing
// as it is (documents are not drawn): main.js handles every [data-details].
export const docLink = (id, title) =>
  h('button', { type: 'button', class: 'link', 'data-details': id, 'data-type': 'SOURCE' }, title);

// pagedTable shows a Relay connection a page at a time. fetchPage(after)
// returns {totalCount, pageInfo, rows}; row(r) returns a <tr>. Previous
// pages are remembered by their cursors, so "Previous" re-asks for a page
// by the cursor that led to it.
export function pagedTable({ caption, head, fetchPage, row, pageSize, empty = 'Nothing to show.' }) {
  const box = h('div', { class: 'paged' });
  const cursors = [null];
  let page = 0;

  async function load() {
    box.setAttribute('aria-busy', 'true');
    const { totalCount, pageInfo, rows } = await fetchPage(cursors[page]);
    cursors[page + 1] = pageInfo.endCursor;
    const from = page * pageSize + 1;
    const to = page * pageSize + rows.length;
    const prev = h('button', { type: 'button', disabled: page === 0, onclick: () => go(-1) }, '← Previous');
    const next = h('button', { type: 'button', disabled: !pageInfo.hasNextPage, onclick: () => go(+1) }, 'Next →');
    const range = totalCount === 0 ? empty : `${fmt.format(from)}–${fmt.format(to)} of ${fmt.format(totalCount)}`;
    fill(box,
      rows.length === 0
        ? h('p', {}, empty)
        : h('table', {}, h('caption', {}, caption),
          h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, rows.map(row))),
      h('div', { class: 'pager' }, prev, h('span', { class: 'range' }, range), next),
    );
    box.removeAttribute('aria-busy');
  }

  async function go(step) {
    page += step;
    await load();
    box.querySelector('table')?.scrollIntoView({ block: 'nearest' });
  }

  return { element: box, load };
}

// queryBox shows the GraphQL document and variables behind an answer, for
// dashboard authors to copy, with a link that opens them in GraphiQL.
export function queryBox(query, variables = {}) {
  const vars = JSON.stringify(variables, null, 2);
  const link = `/graphql#${new URLSearchParams({ query, variables: vars })}`;
  const copy = h('button', {
    type: 'button',
    onclick: () => navigator.clipboard.writeText(query).then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Copy failed'; }),
  }, 'Copy the query');
  return h('details', { class: 'query' },
    h('summary', {}, 'The GraphQL query behind this'),
    h('pre', {}, h('code', {}, query)),
    Object.keys(variables).length ? [h('p', {}, 'Variables:'), h('pre', {}, h('code', {}, vars))] : null,
    h('p', { class: 'query-actions' }, h('a', { href: link, target: '_blank', rel: 'noopener' }, 'Open in GraphiQL'), ' ', copy));
}
