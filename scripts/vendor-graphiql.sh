#!/usr/bin/env bash
# Refreshes the GraphQL explorer's assets in api/assets/graphiql/ from the npm registry: GraphiQL's
# browser bundle and the React it needs, gzip-compressed (served as they are to browsers that accept
# gzip, which all do) with their licences beside them. The binary carries them, so the explorer works
# with no internet, as Swagger UI does. Versions are pinned here; change them, run this, commit.
set -euo pipefail
cd "$(dirname "$0")/.."
out=api/assets/graphiql
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() { (cd "$work" && npm pack --silent "$1" >/dev/null && mkdir -p "${1%@*}" && tar xzf "${1%@*}"-*.tgz -C "${1%@*}"); }
fetch graphiql@3.8.3
fetch react@18.3.1
fetch react-dom@18.3.1
rm -f "$out"/*.gz "$out"/LICENSE-*
gzip -9n <"$work/graphiql/package/graphiql.min.js" >"$out/graphiql.min.js.gz"
gzip -9n <"$work/graphiql/package/graphiql.min.css" >"$out/graphiql.min.css.gz"
gzip -9n <"$work/react/package/umd/react.production.min.js" >"$out/react.production.min.js.gz"
gzip -9n <"$work/react-dom/package/umd/react-dom.production.min.js" >"$out/react-dom.production.min.js.gz"
cp "$work/graphiql/package/LICENSE" "$out/LICENSE-graphiql"
cp "$work/react/package/LICENSE" "$out/LICENSE-react"
ls -l "$out"
