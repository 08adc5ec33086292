// The network drawing: Cytoscape.js on a canvas, fed with the API's
// Subgraph shape (nodes {id type label}, edges {id type source target}).
// Cities are coloured by country, networks sized by their member count;
// the legend says both. The drawing holds at most what the page asks the
// API's neighbourhood for (1,000 nodes); the layout runs in a Web Worker
// (layout.js) and the elements reach the canvas a slice a frame, so even
// the largest drawing of the acuto dataset does not freeze the page.

import cytoscape from 'cytoscape';
import { h, fill, fmt, plural, TYPE_NAMES } from './dom.js';

// Country colours (Tableau 10 and two more), given to the countries with the
// most cities in the current drawing; the rest share OTHER. Each colour
// keeps a dark label readable beside it.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
  '#b07aa1', '#ff9da7', '#9c755f', '#17becf', '#bcbd22', '#7f3c8d'];
const OTHER = '#c7c7c7';

const SHAPES = {
  CITY: { shape: 'ellipse', color: null, legend: 'circle' },
  NETWORK: { shape: 'round-hexagon', color: '#243447', legend: 'hexagon' },
  EVENT: { shape: 'triangle', color: '#8c6bb1', legend: 'triangle' },
  PARTNERSHIP: { shape: 'tag', color: '#a6761d', legend: 'tag' },
  INSTITUTION: { shape: 'rectangle', color: '#5d6d7e', legend: 'square' },
  PERSON: { shape: 'star', color: '#b03a2e', legend: 'star' },
  COUNTRY: { shape: 'octagon', color: '#707b7c', legend: 'octagon' },
  SOURCE: { shape: 'rectangle', color: '#aab7b8', legend: 'square' },
};

// Above this many nodes only the networks' and the centre's labels show
// at first; the others appear when zoomed in far enough to read them (and
// are in the panel and the table).
const LABEL_LIMIT = 300;

// A drawing is put on the canvas this many elements a frame, so that even
// 1,000 nodes with their 4,000 lines never hold the page for long: each
// frame styles and draws only what is new, and the page answers between.
const SLICE = 600;

// A network's size grows with the logarithm of its members: 1 member → 26
// px, 11 → 41, 6,000 → 79, so the largest acuto network does not hide the
// drawing.
const networkSize = (members) => 22 + 15 * Math.log10(1 + (members ?? 0));

const STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(short)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1b1f24',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'min-zoomed-font-size': 6,
      width: 'data(size)',
      height: 'data(size)',
      shape: 'data(shape)',
      'background-color': 'data(color)',
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  { selector: 'node.quiet', style: { 'min-zoomed-font-size': 14 } },
  { selector: 'node[type = "NETWORK"]', style: { 'font-weight': 600, color: '#243447' } },
  { selector: 'node.center', style: { 'border-width': 3, 'border-color': '#1b1f24' } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#0b5cad' } },
  {
    selector: 'edge',
    style: {
      width: 1.2,
      'line-color': '#9aa5b1',
      // The cheapest lines to compute and draw; no arrows needed.
      'curve-style': 'haystack',
      'target-arrow-shape': 'none',
      opacity: 0.8,
    },
  },
  { selector: 'edge[type = "FOUNDED"]', style: { 'line-color': '#243447', width: 2, 'line-style': 'dashed' } },
  { selector: 'edge[type = "SEATED_IN"]', style: { 'line-color': '#243447', 'line-style': 'dotted', width: 2 } },
  { selector: 'edge:selected', style: { 'line-color': '#0b5cad', width: 4, opacity: 1 } },
  { selector: '.dim', style: { opacity: 0.15 } },
  { selector: 'node.hl', style: { 'border-width': 4, 'border-color': '#d1495b', 'z-index': 10, 'font-size': 13, 'font-weight': 700 } },
  { selector: 'edge.hl', style: { 'line-color': '#d1495b', width: 5, opacity: 1, 'z-index': 10 } },
];

// Cytoscape.js adds a <style> element to the page unless an element with
// this id exists. The page's Content-Security-Policy refuses inline styles,
// and style.css already positions the container, so a placeholder stands
// in for it.
const CYTOSCAPE_STYLE_ID = '__________cytoscape_stylesheet';

export function createDrawing(container, legendBox, { onNode, onEdge, onBackground }) {
  if (!document.getElementById(CYTOSCAPE_STYLE_ID)) {
    document.head.append(h('meta', { id: CYTOSCAPE_STYLE_ID, name: 'cytoscape-style', content: 'in style.css' }));
  }
  const cy = cytoscape({
    container,
    style: STYLE,
    minZoom: 0.05,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    selectionType: 'single',
  });
  cy.on('tap', 'node', (e) => onNode(e.target.data()));
  cy.on('tap', 'edge', (e) => onEdge(e.target.data()));
  cy.on('tap', (e) => { if (e.target === cy) onBackground(); });

  // show replaces the drawing by the union of the given subgraphs and
  // resolves when it is drawn. The layout runs in a Web Worker; the new
  // elements go on the canvas a slice a frame. A newer call ends an older
  // one's work; the older call then resolves to null.
  let shows = 0;
  let worker = null;
  async function show(subgraphs, { center } = {}) {
    const my = ++shows;
    worker?.terminate();
    const nodes = new Map();
    const edges = new Map();
    for (const sg of subgraphs) {
      // A path's nodes come without the country and member count that a
      // neighbourhood's have: keep the fuller record.
      for (const n of sg.nodes) if (!nodes.get(n.id)?.node) nodes.set(n.id, n);
      for (const e of sg.edges) if (nodes.has(e.source) && nodes.has(e.target)) edges.set(e.id, e);
    }
    const colours = countryColours([...nodes.values()]);
    const quiet = nodes.size > LABEL_LIMIT;
    const elements = [];
    for (const n of nodes.values()) {
      const look = SHAPES[n.type] ?? SHAPES.SOURCE;
      const country = n.node?.country;
      const short = n.type === 'NETWORK' && n.node?.acronym ? n.node.acronym : n.label;
      elements.push({
        group: 'nodes',
        data: {
          id: n.id, type: n.type, label: n.label,
          short: short.length > 24 ? short.slice(0, 23) + '…' : short,
          country: country?.id, countryName: country?.name,
          members: n.node?.memberCount,
          shape: look.shape,
          color: n.type === 'CITY' ? (colours.get(country?.id) ?? OTHER) : look.color,
          size: n.type === 'NETWORK' ? networkSize(n.node?.memberCount) : n.type === 'CITY' ? 18 : 14,
        },
        classes: [n.id === center ? 'center' : '', quiet && n.type !== 'NETWORK' && n.id !== center ? 'quiet' : ''].join(' ').trim(),
      });
    }
    for (const e of edges.values()) elements.push({ group: 'edges', data: { ...e } });

    container.dataset.layout = 'running';
    // Nodes already drawn start where they are.
    const at = await place(elements.filter((el) => el.group === 'nodes').map(({ data: { id, size, short }, classes }) => {
      // A label's width, about 6.5 px a character at 11 px.
      const label = classes.includes('quiet') ? 0 : 6.5 * short.length;
      const was = cy.getElementById(id);
      return was.nonempty() ? { id, size, label, ...was.position() } : { id, size, label };
    }), [...edges.values()].map(({ source, target }) => ({ source, target })), center);
    if (my !== shows) return null;
    for (const el of elements) if (el.group === 'nodes') el.position = { x: at[el.data.id][0], y: at[el.data.id][1] };

    cy.batch(() => cy.elements().remove());
    for (let i = 0; i < elements.length; i += SLICE) {
      cy.batch(() => cy.add(elements.slice(i, i + SLICE)));
      if (i === 0) fitPoints(Object.values(at));
      if (i + SLICE < elements.length) {
        await nextFrame();
        if (my !== shows) return null;
      }
    }
    container.dataset.layout = 'done';
    legend(legendBox, cy, colours);
    return {
      nodes: nodes.size, edges: edges.size,
      layout: `force-directed layout${quiet ? ' (zoom in for the labels of cities and events)' : ''}`,
    };
  }

  // place runs the layout in a Web Worker: {id: [x, y]}.
  function place(nodes, edges, center) {
    return new Promise((resolve, reject) => {
      const w = new Worker(new URL('./layout.worker.js', import.meta.url), { type: 'module', name: 'layout' });
      worker = w;
      const end = () => { w.terminate(); if (worker === w) worker = null; };
      w.onmessage = ({ data }) => { end(); data.error ? reject(new Error(`layout: ${data.error}`)) : resolve(data.at); };
      w.onerror = (e) => { end(); reject(new Error(`layout: ${e.message || 'the worker failed'}`)); };
      w.postMessage({ nodes, edges, center, aspect: cy.width() / Math.max(1, cy.height()) });
    });
  }

  // fitPoints frames the given points ([x, y]) without measuring every
  // label and line, which cy.fit() does (half a second for 1,000 nodes).
  function fitPoints(points, animate = false) {
    if (!points.length) return;
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const [x, y] of points) {
      x0 = Math.min(x0, x); x1 = Math.max(x1, x);
      y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    const margin = 48; // room for a node and its label
    const zoom = Math.min((cy.width() - 2 * margin) / Math.max(1, x1 - x0), (cy.height() - 2 * margin) / Math.max(1, y1 - y0), 1.5);
    const viewport = { zoom, pan: { x: cy.width() / 2 - zoom * (x0 + x1) / 2, y: cy.height() / 2 - zoom * (y0 + y1) / 2 } };
    if (animate) cy.animate(viewport, { duration: 250 });
    else cy.viewport(viewport);
  }

  // highlight marks the given nodes and edges and fades everything else;
  // with no ids it clears the marks.
  function highlight(nodeIds = [], edgeIds = []) {
    cy.batch(() => {
      cy.elements().removeClass('hl dim');
      if (nodeIds.length === 0 && edgeIds.length === 0) return;
      const hl = cy.collection();
      for (const id of [...nodeIds, ...edgeIds]) hl.merge(cy.getElementById(id));
      cy.elements().not(hl).addClass('dim');
      hl.addClass('hl');
    });
    // Frame what is marked, but not closer than a little over 1:1, where a
    // pair or a short path would fill the canvas and lose its context.
    const marked = cy.elements('.hl');
    if (marked.nonempty()) {
      cy.fit(marked, 80);
      if (cy.zoom() > 1.2) {
        cy.zoom(1.2);
        cy.center(marked);
      }
    }
  }

  function select(id) {
    cy.elements().unselect();
    cy.getElementById(id).select();
  }

  // The edges between two nodes of the drawing, whatever their direction.
  function edgesBetween(a, b) {
    return cy.edges().filter((e) =>
      (e.data('source') === a && e.data('target') === b) || (e.data('source') === b && e.data('target') === a)).map((e) => e.id());
  }

  // Rows for the text alternative: every node with its relationships.
  function rows() {
    return cy.nodes().map((n) => ({
      ...n.data(),
      degree: n.degree(false),
      neighbours: n.neighborhood('node').map((m) => m.data('label')),
    }));
  }

  // png draws the whole drawing (not just what is in view) on white, at
  // twice the screen's scale, for a paper or a slide; at the screen's scale
  // if the browser cannot make a canvas that large (it then gives no image).
  const png = () => cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' })
    .catch(() => cy.png({ output: 'blob-promise', full: true, scale: 1, bg: '#ffffff' }));

  return {
    cy, show, highlight, select, edgesBetween, rows, png,
    fit: () => fitPoints(cy.nodes().map((n) => [n.position('x'), n.position('y')]), true),
    has: (id) => cy.getElementById(id).nonempty(),
  };
}

// countryColours gives the palette to the countries with the most cities
// in the drawing, most first, ties by id. A country keeps the colour it had
// in an earlier drawing when it can, so Poland stays blue from view to view.
const remembered = new Map();
function countryColours(nodes) {
  const count = new Map();
  for (const n of nodes) {
    const c = n.node?.country?.id;
    if (n.type === 'CITY' && c) count.set(c, (count.get(c) ?? 0) + 1);
  }
  const top = [...count.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, PALETTE.length).map(([c]) => c);
  const colours = new Map();
  const used = new Set();
  for (const c of top) {
    const had = remembered.get(c);
    if (had && !used.has(had)) { colours.set(c, had); used.add(had); }
  }
  const free = PALETTE.filter((p) => !used.has(p));
  for (const c of top) {
    if (colours.has(c)) continue;
    const p = free.shift();
    colours.set(c, p);
    remembered.set(c, p);
  }
  return colours;
}

function swatch(color, shape = 'circle') {
  const el = h('span', { class: `swatch ${shape}`, 'aria-hidden': 'true' });
  el.style.backgroundColor = color; // CSSOM, which the CSP allows
  return el;
}

function legend(box, cy, colours) {
  const cities = cy.nodes('[type = "CITY"]');
  const byCountry = new Map();
  cities.forEach((n) => {
    const key = colours.has(n.data('country')) ? n.data('country') : '';
    const entry = byCountry.get(key) ?? { name: key ? n.data('countryName') : 'other countries', n: 0 };
    entry.n++;
    byCountry.set(key, entry);
  });
  const types = new Map();
  cy.nodes().forEach((n) => types.set(n.data('type'), (types.get(n.data('type')) ?? 0) + 1));

  const countryItems = [...colours.keys()].filter((c) => byCountry.has(c))
    .map((c) => h('li', {}, swatch(colours.get(c)), `${byCountry.get(c).name} (${fmt.format(byCountry.get(c).n)})`));
  if (byCountry.has('')) countryItems.push(h('li', {}, swatch(OTHER), `${byCountry.get('').name} (${fmt.format(byCountry.get('').n)})`));

  const typeItems = Object.keys(SHAPES).filter((t) => t !== 'CITY' && types.has(t))
    .map((t) => h('li', {}, swatch(SHAPES[t].color, SHAPES[t].legend),
      `${TYPE_NAMES[t]} (${fmt.format(types.get(t))})`));

  fill(box,
    h('h3', {}, 'Legend:'),
    cities.nonempty() ? [h('span', { class: 'legend-note' }, `cities (${fmt.format(cities.length)}) by country`), h('ul', {}, countryItems)] : null,
    typeItems.length ? h('ul', {}, typeItems) : null,
    types.has('NETWORK') ? h('span', { class: 'legend-note' }, 'a network’s size grows with its member cities;') : null,
    h('span', { class: 'legend-note' }, `${plural(cy.edges().length, 'line')}: relationships (dashed: founded, dotted: seat). Scroll to zoom, drag to move.`),
  );
}

// nextFrame resolves after the browser has drawn a frame.
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
