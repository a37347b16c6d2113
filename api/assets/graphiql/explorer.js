// The GraphQL explorer: GraphiQL against this server's /graphql. Every query needs a bearer token: put
// it in the Headers pane as {"Authorization": "Bearer <token>"} (`cspr token` makes one locally). The
// schema comes ready-made from /graphql/assets/schema.json, as the server's depth limit refuses the
// introspection query GraphiQL would otherwise send.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + "/graphql" });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  fetch("/graphql/assets/schema.json")
    .then(function (r) { return r.json(); })
    .then(function (schema) {
      root.render(
        React.createElement(GraphiQL, {
          fetcher: fetcher,
          schema: schema,
          defaultEditorToolsVisibility: "headers",
          defaultHeaders: '{\n  "Authorization": "Bearer <token>"\n}',
          defaultQuery:
            "# Put a token in the Headers pane below, then run this.\n" +
            "{\n  referrals(limit: 5) {\n    items { reference status kind receivedOn }\n    nextCursor\n  }\n}\n",
        })
      );
    });
})();
