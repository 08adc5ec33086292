// The Map view: every city of the graph where it is, on the countries of
// Natural Earth at 1:110m (the world-atlas package, bundled: no tile
// server, and nothing fetched but the API's answers), projected with
// d3-geo. Dots are sized by population or by the number of networks; a
// network picked on the map (or focused elsewhere on the page) brings its
// members forward and dims the rest; a pair or a path of the ready answers
// is drawn as great circles between its cities.
//
// This module, d3-geo, topojson-client and the atlas are loaded only when
// the Map tab is first opened (main.js imports it dynamically), so the
// page's first paint does not wait for them.
//
// SVG rather than a canvas: a dot is an element, so the browser does the
// hit-testing, the keyboard focus and the accessible name of each city,
// and CSS does the dimming. The e2e tests measure what that costs at
// 10,000 cities (docs/explorer.md).

import { geoNaturalEarth1, geoPath, geoBounds, geoDistance } from 'd3-geo';
import { feature } from 'topojson-client';
import atlas from 'world-atlas/countries-110m.json';
import { gql } from './api.js';
import { MAP_CITIES, MAP_NETWORK, MAP_SPAN } from './queries.js';
import { h, s, fill, fmt, plural, nodeLink, queryBox } from './dom.js';

const PAGE = 500; // the API's largest page
// The API's Earth radius (its `near` filter and distances): the map's
// distances agree with the server's to the metre.
const EARTH_KM = 6371.0088;
// Dot radii in the map's pixels: the area grows with the value (a sqrt
// scale), from R_MIN for the smallest to R_MAX for the largest; R_MAX
// shrinks (to 6 at most) when there are more than 500 dots, which would
// otherwise cover the map.
const R_MIN = 2.5;
const R_MAX = 14;
const rMax = (n) => Math.max(6, Math.min(R_MAX, R_MAX * Math.sqrt(500 / Math.max(1, n))));
// Dots are made this many a frame, so that 10,000 cities do not hold the
// page in one long task.
const SLICE = 2000;
// At most this many cities get a name on the map when picked out; more
// would cover it (their names are in the tooltips and the status).
const LABEL_LIMIT = 30;

const COUNTRIES = feature(atlas, atlas.objects.countries).features;

// createMap draws into the elements of the Map tab (index.html):
// {wrap, svg, tip, legend, status, unplaced, query, size}. onCity(id)
// opens a city's details.
export function createMap(el, { onCity, onError }) {
  let cities = []; // every city, as the API gives it
  let placed = []; // those with a location: {city, x, y, r, dot}
  let byId = new Map(); // id → placed entry
  let projection = null;
  let selection = null;
  let loads = 0;
  let selects = 0;
  const dots = s('g', { class: 'dots' });
  const arcs = s('g', { class: 'arcs', 'aria-hidden': 'true' });
  const labels = s('g', { class: 'labels', 'aria-hidden': 'true' });

  // load reads every city (a page of 500 at a time) and draws the map.
  async function load() {
    const my = ++loads;
    el.svg.dataset.state = 'loading';
    el.status.textContent = 'Loading the cities…';
    const all = [];
    let after = null;
    do {
      const { cities: page } = await gql(MAP_CITIES, { first: PAGE, after });
      if (my !== loads) return;
      all.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    cities = all;
    if (!await draw(my)) return;
    fill(el.query, queryBox(MAP_CITIES, { first: PAGE }));
    await select(selection);
    el.svg.dataset.state = 'done';
  }

  // draw draws the map anew; false if a newer load took over meanwhile.
  async function draw(my) {
    const W = Math.round(el.wrap.clientWidth) || 900;
    const H = Math.round(el.wrap.clientHeight) || 540;
    const located = cities.filter((c) => c.location);
    // The map in use stays as it is until the new dots are all made.
    const proj = frame(located.map((c) => [c.location.lon, c.location.lat]), W, H);
    const path = geoPath(proj);
    const next = located.map((city) => {
      const [x, y] = proj([city.location.lon, city.location.lat]);
      return { city, x, y, r: R_MIN, dot: null };
    });
    for (let i = 0; i < next.length; i++) {
      const p = next[i];
      const c = p.city;
      p.dot = s('circle', {
        class: 'city', cx: p.x.toFixed(1), cy: p.y.toFixed(1),
        role: 'button', tabindex: '-1', 'data-id': c.id, 'aria-label': describe(c),
      });
      if ((i + 1) % SLICE === 0) {
        await nextFrame();
        if (my !== loads) return false;
      }
    }
    projection = proj;
    placed = next;
    byId = new Map(placed.map((p) => [p.city.id, p]));
    dots.replaceChildren();
    arcs.replaceChildren();
    labels.replaceChildren();
    el.svg.replaceChildren(
      s('path', { class: 'sphere', d: path({ type: 'Sphere' }), 'aria-hidden': 'true' }),
      s('g', { class: 'countries', 'aria-hidden': 'true' },
        COUNTRIES.map((f) => s('path', { class: 'country', d: path(f), 'data-name': f.properties.name }))),
      arcs, dots, labels);
    el.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    el.svg.setAttribute('aria-label', `Map of the cities: ${plural(placed.length, 'city', 'cities')} placed. `
      + 'Arrow keys move between the cities, Enter opens one’s details.');
    resize();
    if (placed.length) placed.reduce((a, b) => (b.r > a.r ? b : a)).dot.tabIndex = 0;
    el.svg.dataset.dots = placed.length;

    const unplaced = cities.filter((c) => !c.location).sort((a, b) => a.name.localeCompare(b.name));
    fill(el.unplaced, unplaced.length
      ? h('details', {},
        h('summary', {}, `Not on the map (${fmt.format(unplaced.length)})`),
        h('p', {}, 'The graph has no location for these cities:'),
        h('ul', { class: 'unplaced-list' }, unplaced.map((c) => h('li', {}, nodeLink(c.id, c.name, 'CITY'), ` (${c.country.name})`))))
      : h('p', {}, 'Every city of the graph is on the map.'));
    el.unplaced.dataset.count = unplaced.length;
    return true;
  }

  // resize sizes the dots by the chosen measure, the largest drawn first so
  // that small dots stay on top of large ones.
  function resize() {
    const byNetworks = el.size.value === 'networks';
    const value = (c) => (byNetworks ? c.networks.length : c.population ?? null);
    const max = placed.reduce((m, p) => Math.max(m, value(p.city) ?? 0), 1);
    const top = rMax(placed.length);
    for (const p of placed) {
      const v = value(p.city);
      p.r = v == null ? R_MIN : R_MIN + (top - R_MIN) * Math.sqrt(v / max);
      p.dot.setAttribute('r', p.r.toFixed(2));
      p.dot.classList.toggle('unknown', v == null);
    }
    dots.replaceChildren(fragment([...placed].sort((a, b) => b.r - a.r || (a.city.id < b.city.id ? -1 : 1))));
    legend(max, top, byNetworks);
  }

  // select picks out a network's members, or draws a pair's or a path's
  // cities joined by great circles; null clears the map.
  async function select(sel) {
    const my = ++selects;
    selection = sel;
    if (!projection) return; // drawn when the cities have come
    const path = geoPath(projection);
    el.svg.classList.toggle('selecting', Boolean(sel));
    for (const p of placed) p.dot.classList.remove('member', 'end');
    arcs.replaceChildren();
    labels.replaceChildren();
    el.svg.dataset.selection = sel ? Object.keys(sel)[0] : '';
    const summary = `${plural(placed.length, 'city', 'cities')} on the map`
      + (cities.length > placed.length ? `, ${fmt.format(cities.length - placed.length)} not (listed below the map)` : '');
    if (!sel) {
      el.status.textContent = `${summary}. Dot area: ${el.size.value === 'networks' ? 'the number of networks' : 'population'}.`;
    } else if (sel.network) {
      const members = placed.filter((p) => p.city.networks.some((n) => n.id === sel.network));
      const all = cities.filter((c) => c.networks.some((n) => n.id === sel.network)).length;
      mark(members);
      el.status.textContent = `Loading the network ${sel.network}…`;
      const [named, span] = await Promise.allSettled([gql(MAP_NETWORK, { id: sel.network }), gql(MAP_SPAN, { id: sel.network })]);
      if (my !== selects) return;
      if (named.status === 'rejected') throw named.reason;
      const n = named.value.network;
      const name = n?.acronym ? `${n.name} (${n.acronym})` : n?.name ?? sel.network;
      el.status.textContent = `${name}: ${plural(all, 'member city', 'member cities')}, ${fmt.format(members.length)} on the map `
        + `(highlighted, the others dimmed). ${spanText(span)}`;
    } else {
      const { ends, steps } = sel.pair
        ? { ends: [sel.pair.a, sel.pair.b], steps: `${sel.pair.a.name} – ${sel.pair.b.name}` }
        : { ends: sel.path.nodes.filter((n) => n.type === 'CITY').map((n) => ({ id: n.id, name: n.label })),
            steps: sel.path.nodes.map((n) => n.label).join(' → ') };
      const at = ends.map((c) => byId.get(c.id)).filter(Boolean);
      let km = 0;
      for (let i = 1; i < at.length; i++) {
        const line = { type: 'LineString', coordinates: [lonLat(at[i - 1]), lonLat(at[i])] };
        arcs.append(s('path', { class: 'arc', d: path(line) }));
        km += geoDistance(lonLat(at[i - 1]), lonLat(at[i])) * EARTH_KM;
      }
      mark(at);
      for (const p of at) p.dot.classList.add('end');
      const missing = ends.filter((c) => !byId.has(c.id)).map((c) => c.name);
      el.status.textContent = `${steps}: `
        + (at.length > 1 ? `${fmt.format(Math.round(km))} km along the great circle${at.length > 2 ? 's' : ''} drawn` : 'no line to draw')
        + (missing.length ? ` (${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no location).` : '.');
    }
    el.svg.dataset.marked = el.svg.querySelectorAll('circle.member').length;
  }

  // mark brings the given cities forward (named, when there are few) and
  // moves the keyboard's stop to the first of them.
  function mark(list) {
    for (const p of list) p.dot.classList.add('member');
    dots.append(fragment(list)); // drawn above the dimmed dots
    if (list.length && list.length <= LABEL_LIMIT) {
      // Each name goes right of its dot, else left, above or below, where
      // it covers no marked dot and no name placed before it (largest
      // cities first).
      const taken = list.map((p) => ({ x0: p.x - p.r, x1: p.x + p.r, y0: p.y - p.r, y1: p.y + p.r }));
      const clear = (b) => taken.every((t) => b.x1 <= t.x0 || b.x0 >= t.x1 || b.y1 <= t.y0 || b.y0 >= t.y1);
      for (const p of [...list].sort((a, b) => b.r - a.r)) {
        const w = 7.5 * p.city.name.length; // 12 px bold, about 7.5 px a letter
        const spots = [
          { x: p.x + p.r + 3, y: p.y + 4, anchor: 'start' },
          { x: p.x - p.r - 3, y: p.y + 4, anchor: 'end' },
          { x: p.x, y: p.y - p.r - 4, anchor: 'middle' },
          { x: p.x, y: p.y + p.r + 13, anchor: 'middle' },
        ].map((o) => { // (no spot touches its own dot's box)
          const x0 = o.anchor === 'start' ? o.x : o.anchor === 'end' ? o.x - w : o.x - w / 2;
          return { ...o, box: { x0, x1: x0 + w, y0: o.y - 11, y1: o.y + 2 } };
        });
        const spot = spots.find((o) => clear(o.box)) ?? spots[0];
        taken.push(spot.box);
        labels.append(s('text', { x: spot.x.toFixed(1), y: spot.y.toFixed(1), 'text-anchor': spot.anchor }, p.city.name));
      }
    }
    if (list.length) rove(list[0].dot, false);
  }

  function spanText(result) {
    if (result.status === 'rejected') return `(Its span could not be read: ${result.reason?.message ?? result.reason}.)`;
    const span = result.value.network?.span;
    if (!span) return '';
    const km = (v) => `${fmt.format(Math.round(v))} km`;
    const where = `${plural(span.countries, 'country', 'countries')}`;
    if (span.maxKm == null) return `Span: ${where}; fewer than two members have a location.`;
    return `Span: ${where}; members up to ${km(span.maxKm)} apart (median ${km(span.medianKm)}), `
      + `over the ${fmt.format(span.located)} of its ${plural(span.members, 'current member')} with a location.`;
  }

  function legend(max, top, byNetworks) {
    const refs = byNetworks ? [...new Set([1, Math.round(max / 2), max])].filter((v) => v >= 1)
      : [1e4, 1e5, 1e6, 1e7].filter((v) => v <= max).slice(-3);
    if (!refs.length) refs.push(max);
    const swatch = (r, cls = '') => s('svg', { class: 'map-swatch', width: 2 * R_MAX + 2, height: 2 * R_MAX + 2, 'aria-hidden': 'true' },
      s('circle', { class: `city ${cls}`, cx: R_MAX + 1, cy: R_MAX + 1, r: r.toFixed(2) }));
    fill(el.legend,
      h('h3', {}, 'Legend:'),
      h('span', { class: 'legend-note' }, byNetworks ? 'dot area: the city’s networks' : 'dot area: population'),
      h('ul', {}, refs.map((v) => h('li', {}, swatch(R_MIN + (top - R_MIN) * Math.sqrt(v / max)),
        byNetworks ? plural(v, 'network') : fmt.format(v)))),
      byNetworks ? null : h('ul', {}, h('li', {}, swatch(R_MIN, 'unknown'), 'population unknown')),
      h('span', { class: 'legend-note' }, 'Lines: great circles between the cities of a pair or a path. Hover or focus a dot for its city.'),
    );
  }

  // The tooltip: the city under the pointer or the keyboard focus.
  function tip(dot) {
    const p = dot && byId.get(dot.dataset.id);
    if (!p) {
      el.tip.hidden = true;
      return;
    }
    const c = p.city;
    fill(el.tip,
      h('strong', {}, c.name),
      h('span', {}, c.country.name),
      h('span', {}, c.population != null ? `population ${fmt.format(c.population)}${c.populationYear ? ` (${c.populationYear})` : ''}` : 'population unknown'),
      h('span', {}, plural(c.networks.length, 'network')));
    el.tip.hidden = false;
    const box = el.wrap.getBoundingClientRect();
    const d = dot.getBoundingClientRect();
    const x = d.right - box.left + 6;
    const y = d.top - box.top - el.tip.offsetHeight - 4;
    // Kept inside the map: to the left of the dot near the right edge,
    // below it near the top.
    el.tip.style.left = `${Math.max(0, x + el.tip.offsetWidth > box.width ? d.left - box.left - el.tip.offsetWidth - 6 : x)}px`;
    el.tip.style.top = `${y < 0 ? d.bottom - box.top + 4 : y}px`;
  }

  // One dot at a time is in the page's tab order (a roving tabindex); the
  // arrow keys move to the nearest dot that way.
  function rove(dot, focus = true) {
    for (const d of dots.querySelectorAll('circle[tabindex="0"]')) d.tabIndex = -1;
    dot.tabIndex = 0;
    if (focus) dot.focus();
  }

  function nearest(from, key) {
    const [dx, dy] = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] }[key];
    const here = byId.get(from.dataset.id);
    let best = null;
    let bestScore = Infinity;
    const dim = el.svg.classList.contains('selecting');
    for (const p of placed) {
      if (p === here || (dim && !p.dot.classList.contains('member'))) continue;
      const along = (p.x - here.x) * dx + (p.y - here.y) * dy;
      if (along <= 0) continue;
      const across = Math.abs((p.x - here.x) * dy - (p.y - here.y) * dx);
      const score = along + 2 * across; // prefer what is straight ahead
      if (score < bestScore) { bestScore = score; best = p; }
    }
    return best?.dot;
  }

  const dotOf = (e) => e.target.closest?.('circle.city');
  dots.addEventListener('click', (e) => { const d = dotOf(e); if (d) { rove(d); onCity(d.dataset.id); } });
  dots.addEventListener('pointerover', (e) => tip(dotOf(e)));
  dots.addEventListener('pointerout', () => tip(document.activeElement?.closest?.('circle.city')));
  dots.addEventListener('focusin', (e) => tip(dotOf(e)));
  dots.addEventListener('focusout', () => tip(null));
  dots.addEventListener('keydown', (e) => {
    const d = dotOf(e);
    if (!d) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onCity(d.dataset.id);
    } else if (e.key === 'Escape') {
      tip(null);
    } else if (e.key.startsWith('Arrow')) {
      e.preventDefault();
      const next = nearest(d, e.key);
      if (next) rove(next);
    }
  });
  el.size.addEventListener('change', () => {
    if (!projection) return;
    resize();
    select(selection).catch(onError);
  });

  return {
    load,
    select: (sel) => select(sel),
    // Counts for the tests and the console.
    get count() { return placed.length; },
  };
}

// describe is a dot's accessible name: what its tooltip shows.
function describe(c) {
  const pop = c.population != null ? `population ${fmt.format(c.population)}` : 'population unknown';
  return `${c.name}, ${c.country.name}, ${pop}, ${plural(c.networks.length, 'network')}`;
}

// fragment holds the dots of the given entries, in order (a spread of
// 100,000 arguments would overflow the stack).
function fragment(list) {
  const f = document.createDocumentFragment();
  for (const p of list) f.append(p.dot);
  return f;
}

// nextFrame resolves after the browser has drawn a frame.
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const lonLat = (p) => [p.city.location.lon, p.city.location.lat];

// frame returns a projection that shows the given points ([lon, lat]) with
// room around them: the whole world for none, at least 24° by 12° around a
// few close ones, centred on their middle longitude so that cities on both
// sides of the antimeridian (Fiji, Samoa) stay together.
function frame(points, W, H) {
  const pad = 12;
  const extent = [[pad, pad], [W - pad, H - pad]];
  const projection = geoNaturalEarth1();
  if (!points.length) return projection.fitExtent(extent, { type: 'Sphere' });
  const [[west, south], [east, north]] = geoBounds({ type: 'MultiPoint', coordinates: points });
  const span = east >= west ? east - west : east - west + 360;
  const mid = west + span / 2;
  projection.rotate([-mid, 0]);
  const half = Math.min(180, (Math.max(span, 24) / 2) * 1.2);
  const latMid = (south + north) / 2;
  const latHalf = (Math.max(north - south, 12) / 2) * 1.2;
  const lo = Math.max(-85, latMid - latHalf);
  const hi = Math.min(85, latMid + latHalf);
  const box = [];
  for (let i = 0; i <= 12; i++) {
    const lon = mid - half + (2 * half * i) / 12;
    box.push([lon, lo], [lon, (lo + hi) / 2], [lon, hi]);
  }
  return projection.fitExtent(extent, { type: 'MultiPoint', coordinates: box });
}
