// A GraphQL-over-HTTP client in a dozen lines: POST /graphql with
// Accept: application/graphql-response+json (README, "GraphQL over HTTP"),
// so that the status code can be trusted, and errors thrown with the
// server's extensions.code.

const ENDPOINT = '/graphql';

export class APIError extends Error {
  constructor(message, code, field) {
    super(message);
    this.name = 'APIError';
    this.code = code;
    this.field = field;
  }
}

// gql runs one operation and returns its data. Any error in the answer is
// thrown, even beside partial data: the explorer shows whole answers only.
export async function gql(query, variables = {}) {
  let res;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json;q=0.9',
      },
      body: JSON.stringify({ query, variables }),
    });
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
