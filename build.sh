#!/usr/bin/env bash
# Build, serve and test the W2S explorer.
#
#   ./build.sh serve   build the wasm and serve the explorer on 127.0.0.1 (PORT, default 8000)
#   ./build.sh build   build the wasm into pkg/ only
#   ./build.sh dist    build, then write the static site into dist/ (hashed names, relative URLs)
#   ./build.sh test    every check: rustfmt, clippy (native and wasm32), all tests, the wasm build
#   ./build.sh bench   every benchmark: cargo bench (dashboard, simulation), then the page in Chromium
#                      (BASELINE=REV also builds revision REV and drags every slider on both pages in turns)
#
# Installs what it needs when missing: the wasm32 target, wasm-bindgen-cli
# (into $W2S_TOOLS, default ~/.cache/w2s-tools) and npm's binaryen (wasm-opt).
set -euo pipefail
cd "$(dirname "$0")"

WASM_BINDGEN_VERSION=0.2.130
TOOLS="${W2S_TOOLS:-$HOME/.cache/w2s-tools}"
export PATH="$TOOLS/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }

ensure_wasm_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into $TOOLS (about 2 minutes, once)"
    # No --locked: a locked dependency version is missing from the reachable index.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS" --quiet
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/tsc ]; then
    say "installing npm packages (binaryen for wasm-opt, playwright-core for the browser tests, typescript for the JS check)"
    npm ci --no-audit --no-fund --silent
  fi
}

ensure_chromium() {
  if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    say "installing Debian's chromium for the browser tests (about 30 s)"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
}

# The oldest Rust Cargo.toml claims must build the crate (native and wasm32).
# Installing a second toolchain needs rustup's server; without it the check says
# it was skipped rather than pass silently.
check_msrv() {
  local msrv
  msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
  if ! rustup toolchain list | grep -q "^$msrv-" &&
     ! rustup toolchain install "$msrv" --profile minimal --target wasm32-unknown-unknown >/dev/null 2>&1; then
    say "SKIPPED: could not install Rust $msrv to check rust-version"
    return 0
  fi
  rustup target add wasm32-unknown-unknown --toolchain "$msrv" >/dev/null 2>&1 || true
  CARGO_TARGET_DIR=target/msrv cargo "+$msrv" check --all-targets --quiet
  CARGO_TARGET_DIR=target/msrv cargo "+$msrv" check --lib --target wasm32-unknown-unknown --quiet
}

build() {
  ensure_wasm_tools
  say "building the wasm core (release)"
  cargo build --release --lib --target wasm32-unknown-unknown --quiet
  rm -rf pkg
  wasm-bindgen --target web --no-typescript --out-dir pkg \
    target/wasm32-unknown-unknown/release/w2s.wasm
  # Debian's binaryen (108) breaks the module; npm's 132 is the one that works.
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals pkg/w2s_bg.wasm -o pkg/w2s_bg.wasm
  local raw gz
  raw=$(wc -c < pkg/w2s_bg.wasm)
  gz=$(gzip -9c pkg/w2s_bg.wasm | wc -c)
  say "pkg/w2s_bg.wasm: $raw bytes ($gz gzipped)"
}

serve() {
  build
  local port="${PORT:-8000}"
  say "serving the explorer: open http://127.0.0.1:$port/ (Ctrl-C stops)"
  say "the lesson: http://127.0.0.1:$port/www/lesson.html; the labs: http://127.0.0.1:$port/www/enhanced.html and http://127.0.0.1:$port/www/logistic.html"
  exec python3 -m http.server "$port" --bind 127.0.0.1
}

# The static site: the pages, and what they load under content-hashed names
# (tools/dist.mjs follows the references, rewrites them and checks the result).
dist() {
  build
  say "writing dist/: the pages and the scripts, styles and wasm they load"
  node tools/dist.mjs dist
  say "dist/ is the whole site: copy it to any static host (README: Putting it on the web)"
}

run_tests() {
  say "rustfmt"
  cargo fmt --check
  say "clippy (native, all targets)"
  cargo clippy --all-targets --quiet -- -D warnings
  ensure_wasm_tools
  say "rust-version: the crate builds with the oldest Rust it claims"
  check_msrv
  say "clippy (wasm32 library)"
  cargo clippy --lib --target wasm32-unknown-unknown --quiet -- -D warnings
  say "rustdoc: the crate's documentation builds without a broken link"
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --quiet
  say "native tests"
  local log=target/test-output.txt
  mkdir -p target
  cargo test --release 2>&1 | tee "$log"
  # One closing line over every test binary (cargo prints one per binary).
  local summary
  summary=$(awk '/^test result:/ { p += $4; f += $6 } END { printf "tests: %d passed, %d failed", p, f }' "$log")
  say "wasm build"
  build
  test -s pkg/w2s.js && test -s pkg/w2s_bg.wasm
  say "JavaScript type check (tsc)"
  node tests/typecheck.mjs
  say "no function in www/ over 80 lines, no core result read by position"
  node tests/lint.mjs
  say "the simulation in wasm equals the native one"
  node tests/wasm/reproducible.mjs target/release/w2s > target/wasm-check.txt || true
  cat target/wasm-check.txt
  say "every wasm export refuses hostile arguments in words, without a panic"
  node tests/wasm/hostile.mjs > target/hostile-check.txt || true
  cat target/hostile-check.txt
  say "the explorer in headless Chromium"
  ensure_chromium
  node tests/browser/explorer.test.mjs target/release/w2s > target/browser-check.txt || true
  cat target/browser-check.txt
  say "maps over any two parameters and fresh seeds in headless Chromium"
  node tests/browser/maps.test.mjs target/release/w2s > target/maps-check.txt || true
  cat target/maps-check.txt
  say "pinned states (pin, reload, exports, clear) in headless Chromium"
  node tests/browser/pins.test.mjs target/release/w2s > target/pins-check.txt || true
  cat target/pins-check.txt
  say "the two lab pages in headless Chromium"
  node tests/browser/labs.test.mjs target/release/w2s > target/labs-check.txt || true
  cat target/labs-check.txt
  say "the lesson page in headless Chromium"
  node tests/browser/lesson.test.mjs target/release/w2s > target/lesson-check.txt || true
  cat target/lesson-check.txt
  say "the static site (dist/) from a sub-path, in headless Chromium"
  node tests/browser/dist.test.mjs > target/dist-check.txt || true
  cat target/dist-check.txt
  say "embeds in a course page (the embed builder's snippets), in headless Chromium"
  node tests/browser/embed.test.mjs target/release/w2s > target/embed-check.txt || true
  cat target/embed-check.txt
  # One closing line over everything that ran; non-zero exit on any failure.
  printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n' "$summary" "$(tail -n 1 target/wasm-check.txt)" "$(tail -n 1 target/hostile-check.txt)" "$(tail -n 1 target/browser-check.txt)" "$(tail -n 1 target/maps-check.txt)" "$(tail -n 1 target/pins-check.txt)" "$(tail -n 1 target/labs-check.txt)" "$(tail -n 1 target/lesson-check.txt)" "$(tail -n 1 target/dist-check.txt)" "$(tail -n 1 target/embed-check.txt)" | awk '
    !/ passed, [0-9]+ failed/ { f += 1; next }  # a runner that did not report counts as a failure
    { for (i = 1; i < NF; i++) { if ($(i+1) ~ /^passed,?$/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    END { printf "tests: %d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }'

}

# The page benchmark; with BASELINE=REV, against that revision built in
# target/baseline (its cargo target dir is target/baseline-cargo, kept
# between runs so a second comparison builds only what changed).
bench_page() {
  if [ -z "${BASELINE:-}" ]; then
    node tests/browser/bench.mjs
    return
  fi
  local dir=target/baseline
  say "building the baseline $BASELINE in $dir"
  rm -rf "$dir" && mkdir -p "$dir"
  git archive "$BASELINE" | tar -x -C "$dir"
  ln -s "$PWD/node_modules" "$dir/node_modules"
  mkdir -p target/baseline-cargo
  ln -s "$PWD/target/baseline-cargo" "$dir/target"
  (cd "$dir" && ./build.sh build)
  node tests/browser/bench.mjs --baseline "$dir"
}

case "${1:-}" in
  serve) serve ;;
  build) build ;;
  dist) dist ;;
  test) run_tests ;;
  bench) cargo bench && build && ensure_chromium && bench_page ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
