// Live changes: the page subscribes to the API's change feed (graphChanged)
// and, when a write commits, says what changed and offers to show the new
// state. It never redraws by itself, so nothing moves under the reader.

import { subscribe } from './api.js';
import { CHANGES } from './queries.js';
import { h, fill, fmt, words } from './dom.js';

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

// watchChanges shows changes in box. inView(id) tells whether a node is
// drawn or in the panel; refresh() shows the new state (its failure goes to
// onError). It returns a
// function that stops watching.
export function watchChanges(box, { inView, refresh, onError }) {
  let counts = new Map(); // "cities" → Map("UPDATED" → 2)
  let seen = 0;
  let touched = 0;
  let last = null;
  let missed = false;
  let stop = null;
  // Set when the watcher is stopped: the socket it used may still report
  // its end afterwards (a key change closes it), which must not touch the
  // box a new watcher now owns.
  let stopped = false;

  function start() {
    stop = subscribe(CHANGES, {}, {
      // For scripts and tests: the feed is connected.
      connected: () => { box.dataset.live = 'on'; },
      next: ({ graphChanged: g }) => {
        if (stopped) return;
        for (const c of g.changes) {
          const kinds = counts.get(c.section) ?? new Map();
          kinds.set(c.change, (kinds.get(c.change) ?? 0) + 1);
          counts.set(c.section, kinds);
          seen++;
          if (c.id && inView(c.id)) touched++;
        }
        last = g;
        show();
      },
      done: (err) => {
        if (stopped) return;
        delete box.dataset.live;
        if (err) {
          // The feed is a convenience: say it is off, in the same place.
          fill(box, h('span', {}, `Live updates are off: ${err.message}.`), dismiss());
          box.hidden = false;
          return;
        }
        // The server ended the feed (this page fell behind): changes may
        // have been missed. Say so, and listen again.
        missed = true;
        show();
        start();
      },
    });
  }

  function show() {
    const parts = [...counts].map(([section, kinds]) =>
      `${section}: ${[...kinds].map(([k, n]) => `${fmt.format(n)} ${words(k)}`).join(', ')}`);
    fill(box,
      h('span', {},
        'The graph has changed since this page read it',
        parts.length ? ` — ${parts.join('; ')}` : '',
        missed ? ' (and perhaps more: the feed was interrupted)' : '',
        touched ? `; ${fmt.format(touched)} of these ${touched === 1 ? 'is' : 'are'} in view` : '',
        last ? ` (last by ${last.by} at ${time.format(new Date(last.at))}).` : '.'),
      h('button', { type: 'button', class: 'primary', onclick: () => { reset(); refresh().catch(onError); } }, 'Show the new state'),
      dismiss());
    box.hidden = false;
    box.dataset.changes = String(seen);
  }

  function dismiss() {
    return h('button', { type: 'button', class: 'icon', 'aria-label': 'Dismiss', onclick: reset }, '×');
  }

  function reset() {
    counts = new Map();
    seen = touched = 0;
    missed = false;
    last = null;
    box.hidden = true;
    delete box.dataset.changes;
  }

  start();
  return () => { stopped = true; stop?.(); reset(); delete box.dataset.live; };
}
