// The Documents view: a curator adds a page, reads its text with the
// quoted passages marked, and accepts, edits or rejects the facts the
// server proposes beside it. Accepting writes through the API like any
// write, so the change feed (live.js) announces the accepted fact too.
// Adding and deciding need a write key; the view asks for one when the
// server answers UNAUTHENTICATED or FORBIDDEN, and hands it to onKey(key),
// which sets it and restarts the change feed with it.

import { gql } from './api.js';
import { DOCUMENT_SOURCES, DOCUMENT, ADD_DOCUMENT, ACCEPT_PROPOSAL, REJECT_PROPOSAL, EDIT_PROPOSAL } from './queries.js';
import { h, fill, $, words } from './dom.js';

const utf8 = new TextEncoder();
const decoder = new TextDecoder();

// The API gives quotes as UTF-8 byte offsets; JavaScript strings count
// UTF-16 units. toIndex converts one through the text's bytes.
function indexer(text) {
  const bytes = utf8.encode(text);
  return (offset) => decoder.decode(bytes.subarray(0, offset)).length;
}

// marked renders text with every quote of every proposal in a <mark>
// carrying the proposals it supports.
function marked(text, proposals) {
  const at = indexer(text);
  const spans = [];
  for (const p of proposals) {
    for (const q of p.quotes) spans.push({ start: at(q.start), end: at(q.end), id: p.id });
  }
  // Cut the text at every span boundary; each piece knows which
  // proposals cover it.
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const ids = spans.filter((s) => s.start <= a && b <= s.end).map((s) => s.id);
    const piece = text.slice(a, b);
    out.push(ids.length ? h('mark', { 'data-proposals': [...new Set(ids)].join(' ') }, piece) : piece);
  }
  return out;
}

export function setupDocuments(showError, onKey) {
  const list = $('documents-list');
  const view = $('document-view');
  const status = $('documents-status');
  const form = $('document-form');
  let current = null;

  const say = (text) => { status.textContent = text; };

  // A write refused for want of a (write) key: ask for one here.
  function needKey(err, retry) {
    if (!['UNAUTHENTICATED', 'FORBIDDEN'].includes(err?.code)) return false;
    const input = h('input', { id: 'write-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
    fill(status, h('form', {
      onsubmit: (e) => { e.preventDefault(); onKey(input.value.trim()); say(''); retry(); },
    },
    h('span', {}, err.code === 'FORBIDDEN' ? 'This key may only read: reviewing needs a write key. ' : 'Reviewing needs a write key. '),
    h('label', { for: 'write-key' }, 'Write key'), ' ', input, ' ',
    h('button', { type: 'submit' }, 'Use the key')));
    input.focus();
    return true;
  }

  async function listSources() {
    const { proposals } = await gql(DOCUMENT_SOURCES);
    const bySource = new Map();
    for (const p of proposals) {
      const s = bySource.get(p.sourceId) ?? { title: p.source?.title ?? p.sourceId, pending: 0, total: 0 };
      s.total++;
      if (p.status === 'PENDING') s.pending++;
      bySource.set(p.sourceId, s);
    }
    fill(list, bySource.size === 0
      ? h('p', {}, 'No document has been added yet.')
      : h('ul', {}, [...bySource].map(([id, s]) => h('li', {},
        h('button', { type: 'button', class: 'link', 'data-source': id, onclick: () => open(id).catch(showError) }, s.title),
        ` — ${s.pending} of ${s.total} proposals to review`))));
  }

  async function open(source) {
    current = source;
    const { document: doc, proposals } = await gql(DOCUMENT, { source });
    if (!doc) {
      fill(view, h('p', {}, `No document for ${source}.`));
      return;
    }
    const text = h('div', { class: 'doc-text', id: 'doc-text', tabindex: '0', 'aria-label': 'The document’s text, quotes marked' },
      marked(doc.text, proposals));
    const cards = proposals.map((p) => card(p));
    fill(view,
      h('h3', {}, doc.source?.title ?? source),
      h('p', { class: 'status' }, [
        doc.source?.publisher, doc.language, doc.retrieved && `retrieved ${doc.retrieved}`,
        `${proposals.length} proposals`].filter(Boolean).join(' · ')),
      h('div', { class: 'doc-review' }, text, h('ol', { class: 'proposals', id: 'proposals' }, cards)));
    view.dataset.source = source;
  }

  function card(p) {
    const li = h('li', { class: `proposal ${p.status.toLowerCase()}`, 'data-proposal': p.id, 'data-status': p.status });
    const show = () => {
      for (const m of view.querySelectorAll('mark.current')) m.classList.remove('current');
      const marks = [...view.querySelectorAll('mark')].filter((m) => m.dataset.proposals.split(' ').includes(p.id));
      for (const m of marks) m.classList.add('current');
      marks[0]?.scrollIntoView({ block: 'nearest' });
    };
    const decided = p.status !== 'PENDING';
    const act = (label, run) => h('button', { type: 'button', disabled: decided, onclick: () => run().catch((err) => {
      if (!needKey(err, () => run().catch(showError))) showErrorIn(li, err);
    }) }, label);
    fill(li,
      h('p', { class: 'summary' }, h('button', { type: 'button', class: 'link', onclick: show }, p.summary)),
      h('p', { class: 'status' }, `${words(p.relation)} · confidence ${p.confidence.toFixed(2)} · ${words(p.status)}${p.decidedBy ? ` by ${p.decidedBy}` : ''}`),
      h('ul', { class: 'entities' }, p.entities.map((e) => h('li', {},
        `${e.role}: “${e.text}” → `, e.isNew ? `new ${words(e.type)} ${e.name} (${e.id})` : `${e.name} (${e.id}, ${words(e.match)})`))),
      h('div', { class: 'actions' },
        act('Accept', async () => {
          const { acceptProposal: a } = await gql(ACCEPT_PROPOSAL, { id: p.id });
          const written = a.summary.filter((s) => s.created || s.updated)
            .map((s) => `${s.section}: ${s.created} created, ${s.updated} updated`).join('; ');
          say(`Accepted: ${a.proposal.summary} (${written || 'nothing new'}).`);
          await refresh();
        }),
        act('Edit', async () => edit(li, p)),
        act('Reject', async () => {
          await gql(REJECT_PROPOSAL, { id: p.id });
          say(`Rejected: ${p.summary}. Reading the document again will not propose it.`);
          await refresh();
        })));
    return li;
  }

  function showErrorIn(li, err) {
    const box = li.querySelector('.error') ?? li.appendChild(h('p', { class: 'error', role: 'alert' }));
    box.textContent = `${err.message}${err.code ? ` (${err.code})` : ''}`;
  }

  // edit opens the proposal's records (dataset JSON) for correction.
  function edit(li, p) {
    const id = `records-${p.id}`;
    const area = h('textarea', { id, rows: 12, spellcheck: 'false' }, JSON.stringify(JSON.parse(p.records), null, 2));
    const save = async () => {
      await gql(EDIT_PROPOSAL, { id: p.id, records: area.value });
      say(`Edited: ${p.summary}.`);
      await refresh();
    };
    li.append(h('form', { class: 'edit', onsubmit: (e) => {
      e.preventDefault();
      save().catch((err) => { if (!needKey(err, () => save().catch(showError))) showErrorIn(li, err); });
    } },
    h('label', { for: id }, 'What accepting writes (dataset format)'), area,
    h('button', { type: 'submit', class: 'primary' }, 'Save the edit')));
    area.focus();
  }

  async function refresh() {
    await listSources();
    if (current) await open(current);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (name) => form.elements[name].value.trim();
    const input = { content: form.elements.content.value, format: v('format') };
    for (const k of ['title', 'url', 'publisher', 'language', 'retrieved']) if (v(k)) input[k] = v(k);
    const add = async () => {
      say('Reading the page…');
      const { addDocument: a } = await gql(ADD_DOCUMENT, { input });
      say(a.existing
        ? 'This text was added before: here is its document.'
        : `Read: ${a.proposals.length} proposed facts to review.`);
      await listSources();
      await open(a.document.sourceId);
    };
    add().catch((err) => { if (!needKey(err, () => add().catch(showError))) say(`Not added: ${err.message}${err.code ? ` (${err.code})` : ''}`); });
  });

  listSources().catch(showError);
  return { refresh, open };
}
