// The explorer's GraphQL client: queries and mutations over HTTP (POST
// /graphql with Accept: application/graphql-response+json, README "GraphQL
// over HTTP", so that the status code can be trusted), the change feed over
// WebSocket with the graphql-ws client, and the API key a server may ask
// for (READS=key), kept for this tab only.

import { createClient } from 'graphql-ws';

const ENDPOINT = '/graphql';

export class APIError extends Error {
  constructor(message, code, field) {
    super(message);
    this.name = 'APIError';
    this.code = code;
    this.field = field;
  }
}

// The key, if the server asked for one: in sessionStorage, so it leaves
// with the tab and never reaches the address bar, a link or another site.
const KEY_ITEM = 'citynet-api-key';
export const apiKey = {
  get: () => sessionStorage.getItem(KEY_ITEM),
  set: (key) => { sessionStorage.setItem(KEY_ITEM, key); feed?.terminate(); feed = null; },
  clear: () => { sessionStorage.removeItem(KEY_ITEM); feed?.terminate(); feed = null; },
};

// gql runs one operation and returns its data. Any error in the answer is
// thrown, even beside partial data: the explorer shows whole answers only.
export async function gql(query, variables = {}) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json;q=0.9',
  };
  const key = apiKey.get();
  if (key) headers.Authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch (err) {
    throw new APIError(`the server cannot be reached (${err.message})`, 'NETWORK');
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new APIError(`the server answered HTTP ${res.status} without a GraphQL body`, `HTTP_${res.status}`);
  }
  const first = body.errors?.[0];
  if (first) {
    throw new APIError(first.message, first.extensions?.code ?? 'UNKNOWN', first.extensions?.field);
  }
  return body.data;
}

// The WebSocket client, made on the first subscription and again after the
// key changes. Browsers cannot put headers on a WebSocket: the key goes in
// the connection_init payload, as the server expects.
let feed = null;
function feedClient() {
  feed ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${ENDPOINT}`,
    connectionParams: () => {
      const key = apiKey.get();
      return key ? { Authorization: `Bearer ${key}` } : {};
    },
    lazy: true,
    retryAttempts: 5,
  });
  return feed;
}

// subscribe runs a subscription: next(data) for each event, done(error)
// once when it ends (error undefined if the server completed it), and
// connected() each time the socket is (re)connected. It returns a function
// that ends it.
export function subscribe(query, variables, { next, done, connected }) {
  let ended = false;
  const client = feedClient();
  const off = connected ? client.on('connected', connected) : () => {};
  const end = (err) => { if (!ended) { ended = true; off(); done(err); } };
  const stop = client.subscribe({ query, variables }, {
    next: (msg) => {
      if (msg.errors?.length) end(new APIError(msg.errors[0].message, msg.errors[0].extensions?.code ?? 'UNKNOWN'));
      else next(msg.data);
    },
    error: (err) => end(err instanceof Error ? err
      : new APIError(Array.isArray(err) ? err[0]?.message : (err?.reason || 'the connection closed'), Array.isArray(err) ? err[0]?.extensions?.code : 'NETWORK')),
    complete: () => end(undefined),
  });
  return () => { off(); stop(); };
}
