// Saving files from the page: the drawing as a PNG, and the server's
// exports of the whole graph (README "Exports"). Exports are fetched, not
// linked, so that a server whose reads need a key gets it (a link cannot
// carry a header).

import { apiKey, APIError } from './api.js';
import { h } from './dom.js';

// save offers blob to the user as a file called name.
export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// saveExport fetches one of the server's exports and saves it.
export async function saveExport(path, name) {
  const key = apiKey.get();
  let res;
  try {
    res = await fetch(path, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  } catch (err) {
    throw new APIError(`the server cannot be reached (${err.message})`, 'NETWORK');
  }
  if (!res.ok) {
    let message = `the export answered HTTP ${res.status}`;
    let code = `HTTP_${res.status}`;
    try {
      const body = await res.json();
      message = body.errors?.[0]?.message ?? body.error ?? message;
      code = body.errors?.[0]?.extensions?.code ?? code;
    } catch { /* not JSON: keep the status */ }
    throw new APIError(message, code);
  }
  save(await res.blob(), name);
}
