// Bootstrap for the GraphiQL page served by citynet/web/graphiql.
//
// Kept in a file (not inline in the HTML) so the page's Content-Security-Policy
// can forbid inline scripts. The GraphQL endpoint and the default query come
// from data- attributes on #graphiql, filled in (escaped) by the Go template.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: root.dataset.defaultQuery,
    })
  );
})();
