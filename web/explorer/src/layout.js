// The drawing's force-directed layout (d3-force), as a plain function of
// the nodes and edges, so that it runs in a Web Worker (layout.worker.js)
// while the page stays responsive.
//
// Links pull neighbours together, every node pushes the others away
// (Barnes–Hut, n log n a step), nodes do not overlap (collision by their
// drawn size), and a weak pull to the middle keeps parts that are not
// connected in view. The centre node is pinned at (0, 0). Nodes that were
// already drawn start where they were, so a new focus keeps what the eye
// has learnt; the others start at d3's deterministic spiral, so the same
// neighbourhood is always drawn the same way.

import { forceSimulation, forceLink, forceManyBody, forceCollide, forceX, forceY } from 'd3-force';

// layout returns {id: [x, y]} for nodes [{id, size, label?, x?, y?}] and edges
// [{source, target}] (ids); label is the width in pixels of the label drawn
// under the node, which it keeps clear of other nodes' (0 for none); center
// is the id pinned at the origin; aspect is the canvas's width / height. ticks
// is how many simulation steps to run: fewer for bigger drawings, whose
// steps cost more and whose detail matters less.
export function layout(nodes, edges, { center, ticks, aspect = 1 } = {}) {
  // The simulation runs in a space squeezed across by k, which is then
  // stretched back: the drawing takes the canvas's shape, and a node keeps
  // more room beside it than above and below, where its label is (labels
  // are wide and low).
  const k = Math.min(2.5, Math.max(1, aspect));
  const ns = nodes.map((n) => ({
    id: n.id,
    r: n.size / 2,
    // Clear of others: the node, or its label beneath it.
    clear: Math.max(n.size / 2 + 4, (0.55 * (n.label ?? 0)) / k),
    ...(Number.isFinite(n.x) && Number.isFinite(n.y) ? { x: n.x / k, y: n.y } : {}),
    ...(n.id === center ? { fx: 0, fy: 0 } : {}),
  }));
  const known = new Set(ns.map((n) => n.id));
  const ls = edges.filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target)
    .map((e) => ({ source: e.source, target: e.target }));
  const n = ns.length;
  // Small drawings, whose labels all show, get more room.
  const roomy = n <= 300;
  const sim = forceSimulation(ns)
    .force('link', forceLink(ls).id((d) => d.id).distance((l) => (roomy ? 50 : 30) + l.source.r + l.target.r))
    .force('charge', forceManyBody().strength(roomy ? -180 : -160).distanceMax(roomy ? 350 : 900).theta(0.9))
    .force('collide', forceCollide((d) => d.clear).iterations(roomy ? 2 : 1))
    .force('x', forceX(0).strength(roomy ? 0.08 : 0.04))
    .force('y', forceY(0).strength(roomy ? 0.08 : 0.04))
    .stop();
  const steps = ticks ?? (n <= 150 ? 300 : n <= 400 ? 200 : 120);
  // Cool over the steps given (d3's default cools over 300).
  sim.alphaDecay(1 - Math.pow(sim.alphaMin(), 1 / steps));
  sim.tick(steps);
  const at = {};
  for (const d of ns) at[d.id] = [Math.round(d.x * k * 10) / 10, Math.round(d.y * 10) / 10];
  return at;
}
