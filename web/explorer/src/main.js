// The citynet explorer: the page served at "/". It is built only on the
// public GraphQL API (queries.js holds every document it sends), so it is
// also a reference client for dashboard authors.
//
// main.js wires the parts: the search box, the drawing (drawing.js) and
// the map (map.js, loaded when its tab is first opened), the side panel
// (panel.js) and the ready answers (answers.js). The URL's hash names the
// node in focus (/#krakow), so a view can be linked to.

import './style.css';
import { gql, apiKey } from './api.js';
import { NEIGHBORHOOD, START, TYPE_OF } from './queries.js';
import { createDrawing } from './drawing.js';
import { createPanel } from './panel.js';
import { combobox } from './combobox.js';
import { setupAnswers, drawingTable } from './answers.js';
import { watchChanges } from './live.js';
import { setupDocuments } from './documents.js';
import { save, saveExport } from './download.js';
import { h, fill, $, fmt, plural, typeCount, queryBox } from './dom.js';

// Relationships drawn around a node: those ticked under "Relationships".
// IN_COUNTRY is left out (cities are coloured by country instead) except
// around a country, which has no other.
const relationBoxes = [...document.querySelectorAll('#rels input[type=checkbox]')];
const relationsTicked = () => relationBoxes.filter((b) => b.checked).flatMap((b) => b.value.split(','));

const messageBox = $('message');
function showError(err) {
  if (err?.code === 'UNAUTHENTICATED') {
    askForKey(err);
    return;
  }
  const code = err?.code && !['UNKNOWN', 'NETWORK'].includes(err.code) ? ` (${err.code})` : '';
  fill(messageBox,
    h('span', {}, `Something went wrong: ${err?.message ?? err}${code}`),
    h('button', { type: 'button', class: 'icon', 'aria-label': 'Dismiss', onclick: () => { messageBox.hidden = true; } }, '×'));
  messageBox.hidden = false;
}

// A server started with READS=key answers UNAUTHENTICATED without a key:
// ask for one (again, if the one given was refused), then start anew.
function askForKey(err) {
  const refused = Boolean(apiKey.get());
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  fill(messageBox, h('form', {
    onsubmit: (e) => {
      e.preventDefault();
      stopWatching?.(); // the feed starts again with the key
      stopWatching = null;
      apiKey.set(input.value.trim());
      messageBox.hidden = true;
      start();
      app.refreshAnswers();
    },
  },
  h('span', {}, refused
    ? `The API key was refused (${err.message}). `
    : 'This server needs an API key to read the graph. '),
  h('label', { for: 'api-key' }, 'API key'), input,
  h('button', { type: 'submit' }, 'Use the key')));
  messageBox.hidden = false;
  statusLine.textContent = 'Waiting for an API key.';
  input.focus();
}
// A failure anywhere ends up in the message box rather than a silent console.
window.addEventListener('unhandledrejection', (e) => { e.preventDefault(); showError(e.reason); });

const statusLine = $('drawing-status');
const canvas = $('cy');
let drawnCaption = 'Nodes in the drawing';

const panel = createPanel({ onClose: () => drawing.highlight() });
const drawing = createDrawing(canvas, $('legend'), {
  onNode: (n) => {
    drawing.highlight();
    if (n.type === 'NETWORK') mapSelect({ network: n.id });
    panel.showNode(n.id, n.type).catch(showError);
  },
  onEdge: (e) => { drawing.highlight([e.source, e.target], [e.id]); panel.showEdge(e).catch(showError); },
  onBackground: () => drawing.highlight(),
});

const app = {
  drawing, panel, showError,
  status: (text) => { statusLine.textContent = text; },
  neighbourhood,
  draw,
  focus,
  refreshTable,
  mapSelect,
  scrollToDrawing: () => $('drawing-title').closest('section').scrollIntoView({ block: 'start', behavior: 'smooth' }),
};

// The drawing and the map are two tabs of one section (the WAI-ARIA tabs
// pattern, as the ready answers). The hidden one keeps its place and size
// (style.css .inactive), so Cytoscape, which watches its container's size,
// keeps drawing what the page asks while the map is shown.
const views = [$('tab-drawing'), $('tab-map')];
function showView(tab, focusTab = true) {
  for (const t of views) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).classList.toggle('inactive', !on);
  }
  if (focusTab) tab.focus();
  if (tab.id === 'tab-map') openMap().catch(showError);
}
views[0].parentElement.addEventListener('click', (e) => { const t = e.target.closest('[role=tab]'); if (t) showView(t); });
views[0].parentElement.addEventListener('keydown', (e) => {
  const i = views.indexOf(document.activeElement);
  const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: views.length - 1 }[e.key];
  if (to === undefined || i < 0) return;
  e.preventDefault();
  showView(views[(to + views.length) % views.length]);
});

// The map, made when its tab is first opened: what was picked before (a
// network, a pair, a path) waits in mapSelection and is shown then.
let map = null;
let mapSelection = null;
let mapLoading = null;
function openMap() {
  mapLoading ??= import('./map.js').then(async ({ createMap }) => {
    map = createMap({
      wrap: $('map-wrap'), svg: $('map'), tip: $('map-tip'), legend: $('map-legend'), status: $('map-status'),
      unplaced: $('map-unplaced'), query: $('map-query'), size: $('map-size'),
    }, {
      onCity: (id) => panel.showNode(id, 'CITY').catch(showError),
      onError: showError,
    });
    window.citynetExplorer.map = map;
    map.select(mapSelection); // kept, and shown once the cities have come
    await map.load();
  }).catch((err) => { mapLoading = null; throw err; });
  return mapLoading;
}
// mapSelect shows sel on the map (now, or when it is opened); the Network
// box names the network picked, else it is emptied.
function mapSelect(sel, name = '') {
  mapSelection = sel;
  $('map-network').value = name;
  map?.select(sel).catch(showError);
}

// The type of a node known only by its id (a link such as /#krakow).
async function typeOf(id) {
  const { node } = await gql(TYPE_OF, { id });
  if (!node) throw new Error(`nothing has the id “${id}”`);
  return node.__typename.toUpperCase(); // City → CITY
}

// The variables of the neighbourhood query for a node of a type.
const neighbourhoodVars = (id, depth, limit, type) =>
  ({ id, depth, limit, relations: type === 'COUNTRY' ? ['IN_COUNTRY'] : relationsTicked() });

async function neighbourhood(id, depth, limit, type) {
  const { neighborhood } = await gql(NEIGHBORHOOD, neighbourhoodVars(id, depth, limit, type));
  return neighborhood;
}

// draw shows the union of subgraphs and says what was left out.
async function draw(subgraphs, { center } = {}) {
  const shown = await drawing.show(subgraphs, { center });
  if (!shown) return false; // a newer drawing replaced this one
  const omitted = subgraphs.reduce((t, sg) => t + (sg.omitted ?? 0), 0);
  const byType = new Map();
  for (const sg of subgraphs) for (const t of sg.omittedByType ?? []) byType.set(t.type, (byType.get(t.type) ?? 0) + t.count);
  const centre = subgraphs[0]?.center?.label ?? '';
  const left = omitted
    ? ` ${fmt.format(omitted)} more ${omitted === 1 ? 'node was' : 'nodes were'} left out (${[...byType]
      .map(([t, n]) => typeCount(n, t)).join(', ')}): raise “At most” or lower “Depth”, or search for one of them.`
    : '';
  drawnCaption = `Nodes drawn around ${centre}`;
  statusLine.textContent = `${plural(shown.nodes, 'node')} and ${plural(shown.edges, 'relationship')} around ${centre}, ${shown.layout}.${left}`;
  canvas.setAttribute('aria-label', `Network drawing around ${centre}: ${plural(shown.nodes, 'node')}, ${plural(shown.edges, 'relationship')}. `
    + 'The same nodes are listed in “The drawing as a table” under Ready answers.');
  canvas.dataset.nodes = shown.nodes;
  canvas.dataset.omitted = omitted;
  if (!$('pane-table').hidden) refreshTable();
  return true;
}

function refreshTable() {
  fill($('table-result'), drawingTable(drawing, drawnCaption));
}

// focus draws a node's neighbourhood and opens its details.
async function focus(id, type) {
  const depth = Number($('depth').value);
  const limit = Number($('limit').value);
  statusLine.textContent = 'Loading…';
  type ??= await typeOf(id);
  if (type === 'NETWORK') mapSelect({ network: id });
  const details = panel.showNode(id, type); // meanwhile
  const vars = neighbourhoodVars(id, depth, limit, type);
  const { neighborhood: sg } = await gql(NEIGHBORHOOD, vars);
  if (await draw([sg], { center: id })) {
    fill($('drawing-query'), queryBox(NEIGHBORHOOD, vars)); // what was sent
    drawing.select(id);
    history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  }
  await details;
}

// The search box: suggestions as you type; a pick focuses the drawing and
// moves the keyboard to the details' heading.
combobox($('search-input'), $('search-list'), {
  onPick: (hit) => focus(hit.id, hit.type).then(() => panel.focusTitle()).catch(showError),
  onError: showError,
});

// Every [data-focus] button (names in the panel and the tables) focuses its
// node; every [data-details] button (a document) opens its details only.
document.addEventListener('click', (e) => {
  const doc = e.target.closest('[data-details]');
  if (doc) {
    e.preventDefault();
    panel.showNode(doc.dataset.details, doc.dataset.type).then(() => panel.focusTitle()).catch(showError);
    return;
  }
  const b = e.target.closest('[data-focus]');
  if (!b) return;
  e.preventDefault();
  focus(b.dataset.focus, b.dataset.type || undefined).catch(showError);
  app.scrollToDrawing();
});

$('fit').addEventListener('click', () => drawing.fit());
combobox($('map-network'), $('map-network-list'), {
  types: ['NETWORK'],
  // The network's details open beside the map, with its members.
  onPick: (hit) => { mapSelect({ network: hit.id }, hit.label); panel.showNode(hit.id, 'NETWORK').catch(showError); },
  onError: showError,
});
$('map-clear').addEventListener('click', () => { $('map-network').value = ''; mapSelect(null); });
$('save-png').addEventListener('click', () => {
  const centre = decodeURIComponent(location.hash.slice(1)) || 'drawing';
  drawing.png().then((blob) => save(blob, `citynet-${centre}.png`)).catch(showError);
});
// The footer's exports of the whole graph.
document.addEventListener('click', (e) => {
  const b = e.target.closest('[data-export]');
  if (b) saveExport(b.dataset.export, b.dataset.name).catch(showError);
});
// The relationships menu closes on a click elsewhere, and on Escape (back
// to its button).
document.addEventListener('click', (e) => { if (!$('rels').contains(e.target)) $('rels').open = false; });
$('rels').addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && $('rels').open) {
    $('rels').open = false;
    $('rels').querySelector('summary').focus();
  }
});

// A change of depth, size or relationships draws the same centre anew.
for (const el of [$('depth'), $('limit'), ...relationBoxes]) {
  el.addEventListener('change', () => {
    const ticked = relationBoxes.filter((b) => b.checked).length;
    $('rels').querySelector('summary').textContent = ticked === relationBoxes.length
      ? 'Relationships' : `Relationships (${ticked} of ${relationBoxes.length})`;
    const center = decodeURIComponent(location.hash.slice(1));
    if (center) focus(center).catch(showError);
  });
}
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && document.activeElement?.closest('#panel')) {
    $('panel-close').click();
    $('search-input').focus();
  }
});

setupAnswers(app);
// A key given in the Documents view: the feed stops before the key
// changes (which closes its socket) and starts again with it, as at the
// key prompt.
app.documents = setupDocuments(showError, (key) => {
  stopWatching?.();
  stopWatching = null;
  apiKey.set(key);
  listen();
});

// For the browser console and the end-to-end tests: the Cytoscape instance
// (citynetExplorer.cy.nodes(), …) and focus(id).
window.citynetExplorer = { cy: drawing.cy, focus };

// Start: the node named in the URL, else (or if it names nothing) the city
// in the most networks; then listen for changes.
let stopWatching = null;
// listen (re)starts the change feed: at the start, and when a key is
// given (the feed's socket authenticates with it).
function listen() {
  stopWatching?.();
  stopWatching = watchChanges($('changes'), {
    inView: (id) => drawing.has(id) || panel.current()?.id === id,
    // The drawing around the same centre, the same details, the answers.
    refresh: async () => {
      const centre = decodeURIComponent(location.hash.slice(1));
      const shown = panel.current();
      app.refreshAnswers();
      if (map) await map.load();
      if (centre) await focus(centre);
      if (shown && shown.id !== centre) await panel.showNode(shown.id, shown.type);
    },
    onError: showError,
  });
}

function start() {
  document.body.dataset.ready = 'false';
  (async () => {
    const named = decodeURIComponent(location.hash.slice(1));
    let done = false;
    if (named) {
      try {
        await focus(named);
        done = true;
      } catch (err) {
        if (err?.code === 'UNAUTHENTICATED') throw err;
        showError(err);
      }
    }
    if (!done) {
      const { stats } = await gql(START);
      const id = stats.networksPerCity[0]?.city.id;
      if (id) await focus(id);
      else statusLine.textContent = 'The graph is empty.';
    }
    listen();
  })().catch(showError).finally(() => { document.body.dataset.ready = 'true'; });
}
start();
