// The layout's Web Worker: one message in ({nodes, edges, center, aspect}), one out
// ({at} or {error}). drawing.js starts a worker per drawing and ends it if
// a newer drawing is asked for before it answers.
import { layout } from './layout.js';

self.onmessage = ({ data }) => {
  try {
    self.postMessage({ at: layout(data.nodes, data.edges, { center: data.center, aspect: data.aspect }) });
  } catch (err) {
    self.postMessage({ error: String(err?.message ?? err) });
  }
};
