#!/usr/bin/env bash
# The README's two commands on a bare clone: the committed HEAD of this repository (or of the one given) cloned into
# an empty temporary folder, with no ../shared beside it and no litgraph configuration.
#   1. `npm ci --strict-allow-scripts && npm start`: waits for the server (time-limited), checks over HTTP that it
#      serves the sample's 80 papers with 80 vectors, then stops it with SIGTERM;
#   2. `npm test`: must pass.
# Without the model hub (as here), `npm start` falls back to the bundled model; with it, it downloads the default
# one: either way every paper must carry a vector. Run by hand: bash .ci/bare-clone.sh [repository [revision]]
set -euo pipefail

# All in one function: bash has read the whole script before it runs, so editing the file meanwhile is harmless.
main() {
  here="$(cd "$(dirname "$0")/.." && pwd)"
  repo="${1:-$here}"
  rev="${2:-$(git -C "$repo" rev-parse HEAD)}"
  START_SECONDS="${BARE_CLONE_START_SECONDS:-600}"   # install-free: from `npm start` to every vector in place
  say() { printf 'bare-clone: [%ds] %s\n' "$SECONDS" "$*" >&2; }
  fail() { say "FAILED: $*"; exit 1; }

  work="$(mktemp -d)"
  server=""
  cleanup() {
    if [ -n "$server" ]; then kill -KILL -- "-$server" 2>/dev/null || true; fi
    rm -rf "$work"
  }
  trap cleanup EXIT

  # Nothing of the caller's configuration leaks in.
  for v in $(compgen -e); do
    case "$v" in LITGRAPH_* | NEO4J_* | NODE_ENV) unset "$v" ;; esac
  done

  say "cloning $repo at $rev into $work/litgraph"
  git clone --quiet --no-checkout "$repo" "$work/litgraph"
  cd "$work/litgraph"
  git checkout --quiet "$rev"
  [ ! -e ../shared ] || fail "$work/shared exists"
  [ "$(ls -A ..)" = "litgraph" ] || fail "$work holds more than the clone"

  say "npm ci --strict-allow-scripts"
  timeout 1800 npm ci --strict-allow-scripts --no-audit --no-fund

  # `npm start` on a free port (4000 may be taken on a shared runner), in its own process group so that stopping it
  # stops npm and node together.
  log="$work/start.log"
  say "npm start"
  LITGRAPH_PORT=0 setsid npm start >"$log" 2>&1 &
  server=$!
  url=""
  for _ in $(seq "$START_SECONDS"); do
    url="$(sed -n 's/.*serving at \(http:[^ ]*\).*/\1/p' "$log" | head -n 1)"
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; fail "npm start exited before serving"; }
    sleep 1
  done
  [ -n "$url" ] || { cat "$log" >&2; fail "npm start did not print \"serving at <url>\" within ${START_SECONDS}s"; }
  say "serving at $url; waiting for every paper's vector"

  # /healthz until no paper waits for a vector, then the counts over GraphQL: 80 papers, 80 vectors.
  URL="$url" SECONDS_LEFT="$START_SECONDS" timeout "$((START_SECONDS + 30))" node -e '
    const url = process.env.URL;
    const deadline = Date.now() + 1000 * Number(process.env.SECONDS_LEFT);
    (async () => {
      let health;
      for (;;) {
        health = await (await fetch(`${url}healthz`)).json();
        if (health.store?.withoutVector === 0) break;
        if (Date.now() > deadline) throw new Error(`papers still without vectors: ${JSON.stringify(health)}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const res = await fetch(`${url}graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ stats { papers embeddedPapers embeddingModel embeddingModelLoaded } }" }),
      });
      const { stats } = (await res.json()).data;
      console.error(`bare-clone: healthz ${health.status} (model ${health.model.status} ${health.model.id}); stats ${JSON.stringify(stats)}`);
      if (stats.papers !== 80 || stats.embeddedPapers !== 80 || !stats.embeddingModelLoaded) {
        throw new Error("expected 80 papers with 80 vectors from a loaded model");
      }
    })().catch((err) => {
      console.error(`bare-clone: ${err.message}`);
      process.exit(1);
    });
  ' || { cat "$log" >&2; fail "the served sample is not 80 papers with 80 vectors"; }

  kill -TERM -- "-$server"
  for _ in $(seq 60); do kill -0 -- "-$server" 2>/dev/null || break; sleep 1; done
  kill -0 -- "-$server" 2>/dev/null && { cat "$log" >&2; fail "npm start did not stop within 60s of SIGTERM"; }
  server=""
  sed 's/^/  npm start | /' "$log" >&2
  grep -q 'SIGTERM: stopping' "$log" || fail "npm start did not stop cleanly on SIGTERM"

  say "npm test"
  timeout 3600 npm test || fail "npm test failed in the bare clone"
  say "passed: npm start served 80 papers with 80 vectors, npm test passed"
}

main "$@"
