// Bootstrap for the GraphiQL page served by citynet/web/graphiql.
//
// Kept in a file (not inline in the HTML) so the page's Content-Security-Policy
// can forbid inline scripts. The GraphQL endpoint and the default query come
// from data- attributes on #graphiql, filled in (escaped) by the Go template.
// A link may open the page with a query and variables in its fragment,
// /graphql#query=…&variables=… (the explorer's "Open in GraphiQL"): the
// fragment never reaches the server, which would take ?query= for an API
// request.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
  var linked = new URLSearchParams(location.hash.slice(1));
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: root.dataset.defaultQuery,
      query: linked.get('query') || undefined,
      variables: linked.get('variables') || undefined,
    })
  );
})();
