// A search box with suggestions from the API's `search`, following the
// WAI-ARIA combobox pattern: the input keeps the focus, ↓/↑ move through
// the list (aria-activedescendant), Enter picks, Escape closes.

import { gql } from './api.js';
import { SEARCH } from './queries.js';
import { h, TYPE_NAMES } from './dom.js';

const WAIT_MS = 150; // after the last key, before asking

// combobox wires an <input role=combobox> to its <ul role=listbox>.
// onPick({id, type, label}) is called with the chosen hit.
export function combobox(input, list, { onPick, types, first = 8, onError }) {
  let hits = [];
  let active = -1;
  let seq = 0;
  let timer;

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => suggest().catch(onError), WAIT_MS);
  });
  input.addEventListener('keydown', (e) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (list.hidden) suggest().catch(onError); else move(+1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(-1);
        break;
      case 'Enter':
        if (!list.hidden && hits.length) {
          e.preventDefault();
          pick(hits[Math.max(active, 0)]);
        }
        break;
      case 'Escape':
        if (!list.hidden) { e.preventDefault(); close(); }
        break;
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));

  async function suggest() {
    const text = input.value.trim();
    const my = ++seq;
    if (!/[\p{L}\p{N}]/u.test(text)) { close(); return; }
    const { search } = await gql(SEARCH, { text, types, first });
    if (my !== seq) return; // a newer keystroke's answer will come
    hits = search.map((s) => ({ id: s.node.id, type: s.type, label: s.label, matched: s.matched }));
    active = -1;
    render(text);
  }

  function render(text) {
    list.replaceChildren(...(hits.length
      ? hits.map((hit, i) => h('li', {
        id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false',
        onmousedown: (e) => { e.preventDefault(); pick(hit); },
      },
      h('span', { class: 'opt-label' }, hit.label),
      h('span', { class: 'opt-type' }, TYPE_NAMES[hit.type] ?? hit.type),
      hit.matched !== hit.label ? h('span', { class: 'opt-matched' }, `matched “${hit.matched}”`) : null))
      : [h('li', { class: 'none', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' }, `Nothing matches “${text}”`)]));
    list.hidden = false;
    list.dataset.for = text; // what the suggestions are for (scripts, tests)
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
  }

  function move(step) {
    if (!hits.length) return;
    active = (active + step + hits.length) % hits.length;
    list.querySelectorAll('[role=option]').forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', `${list.id}-${active}`);
    list.children[active]?.scrollIntoView({ block: 'nearest' });
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function pick(hit) {
    seq++; // drop answers still on their way
    clearTimeout(timer);
    input.value = hit.label;
    input.dataset.id = hit.id;
    input.dataset.type = hit.type;
    close();
    onPick(hit);
  }

  // The chosen hit, or else the best hit for what is typed (null if none).
  async function resolve() {
    if (input.dataset.id) return { id: input.dataset.id, type: input.dataset.type, label: input.value };
    const text = input.value.trim();
    if (!/[\p{L}\p{N}]/u.test(text)) return null;
    const { search } = await gql(SEARCH, { text, types, first: 1 });
    return search[0] ? { id: search[0].node.id, type: search[0].type, label: search[0].label } : null;
  }

  // Typing again forgets the chosen hit.
  input.addEventListener('input', () => { delete input.dataset.id; });

  return { resolve, close };
}
