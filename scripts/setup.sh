#!/usr/bin/env bash
# Installs what is missing and builds the wasm package into web/pkg/.
#
# Idempotent and quick when nothing changed: every step first checks whether it is needed.
#   bash scripts/setup.sh            toolchain target, wasm-bindgen CLI, npm packages, wasm build
#   bash scripts/setup.sh --browser  also Debian's chromium (for the browser tests)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

WASM_BINDGEN_VERSION=0.2.130
WASM_TARGET=wasm32-unknown-unknown
OUT_DIR=web/pkg
OUT_WASM="$OUT_DIR/raft_wasm_bg.wasm"

want_browser=0
for arg in "$@"; do
    case "$arg" in
        --browser) want_browser=1 ;;
        -h | --help)
            sed -n '2,6p' "$0"
            exit 0
            ;;
        *)
            echo "setup: unknown option '$arg' (try --help)" >&2
            exit 2
            ;;
    esac
done

say() { printf 'setup: %s\n' "$*"; }
fail() {
    printf 'setup: error: %s\n' "$*" >&2
    exit 1
}

command -v cargo >/dev/null || fail "cargo not found: install Rust with rustup (https://rustup.rs)"
command -v node >/dev/null || fail "node not found: install Node.js 20.19+ or 22.12+"
command -v npm >/dev/null || fail "npm not found: install Node.js with npm"

# 1. The wasm target of the Rust toolchain.
if command -v rustup >/dev/null; then
    if rustup target list --installed | grep -qx "$WASM_TARGET"; then
        say "rust target $WASM_TARGET: present"
    else
        say "rust target $WASM_TARGET: installing"
        rustup target add "$WASM_TARGET"
    fi
else
    say "rustup not found; assuming the toolchain already has $WASM_TARGET"
fi

# 2. The wasm-bindgen CLI, at exactly the version pinned in Cargo.toml.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
installed_bindgen="$(wasm-bindgen --version 2>/dev/null || true)"
if [[ "$installed_bindgen" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
    say "wasm-bindgen $WASM_BINDGEN_VERSION: present"
else
    say "wasm-bindgen $WASM_BINDGEN_VERSION: installing (found '${installed_bindgen:-none}'; takes a few minutes)"
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

# 3. npm packages, when package.json or package-lock.json changed since the last install.
npm_stamp=node_modules/.package-lock.json
if [[ ! -f "$npm_stamp" || package.json -nt "$npm_stamp" || (-f package-lock.json && package-lock.json -nt "$npm_stamp") ]]; then
    say "npm packages: installing"
    if [[ -f package-lock.json && "${CI:-}" == "true" ]]; then
        npm ci --no-audit --no-fund
    else
        npm install --no-audit --no-fund
    fi
    touch "$npm_stamp"
else
    say "npm packages: up to date"
fi

# 4. Chromium for the browser tests (Debian's package), only when asked.
if [[ "$want_browser" == 1 ]]; then
    if [[ -x /usr/bin/chromium ]]; then
        say "chromium: present"
    else
        command -v apt-get >/dev/null || fail "chromium missing and no apt-get: install Chromium at /usr/bin/chromium"
        say "chromium: installing with apt-get"
        sudo_cmd=()
        [[ "$(id -u)" != 0 ]] && sudo_cmd=(sudo)
        "${sudo_cmd[@]}" apt-get update
        DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y chromium chromium-driver
    fi
fi

# 5. The wasm package, when a Rust source or manifest is newer than the last build.
stale=""
if [[ ! -f "$OUT_WASM" || ! -f "$OUT_DIR/raft_wasm.js" ]]; then
    stale="no previous build"
else
    changed="$(find crates .cargo Cargo.toml Cargo.lock scripts/setup.sh \
        \( -name '*.rs' -o -name '*.toml' -o -name 'Cargo.lock' -o -name 'setup.sh' \) \
        -newer "$OUT_WASM" -print -quit 2>/dev/null || true)"
    [[ -n "$changed" ]] && stale="$changed changed"
fi
if [[ -z "$stale" ]]; then
    say "wasm package: up to date ($OUT_WASM)"
else
    say "wasm package: building ($stale)"
    cargo build -p raft-wasm --target "$WASM_TARGET" --profile wasm-release
    built="${CARGO_TARGET_DIR:-target}/$WASM_TARGET/wasm-release/raft_wasm.wasm"
    tmp_dir="$(mktemp -d)"
    trap 'rm -rf "$tmp_dir"' EXIT
    wasm-bindgen --target web --out-dir "$tmp_dir/pkg" "$built"
    # -Oz until it stops shrinking; the producers and target-features sections are for tools
    # (wasm-bindgen has read them by now), not for browsers. --low-memory-unused lets wasm-opt
    # fold constant pointer offsets into loads and stores (0.7 KB gzipped): it assumes no
    # address below 1024 is reached by wrapping around 2^32, which Rust's pointers never do
    # (the stack sits below 1 MiB and grows down towards 0; data and heap lie above it).
    say "wasm package: optimising with wasm-opt -Oz --converge --low-memory-unused"
    node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-producers --strip-target-features \
        "$tmp_dir/pkg/raft_wasm_bg.wasm" -o "$tmp_dir/optimised.wasm"
    rm "$tmp_dir/pkg/raft_wasm_bg.wasm"
    rm -rf "$OUT_DIR"
    mkdir -p "$OUT_DIR"
    # The glue first and the .wasm last: the .wasm's time stamp marks a complete build.
    cp -R "$tmp_dir/pkg/." "$OUT_DIR/"
    cp "$tmp_dir/optimised.wasm" "$OUT_WASM"
    say "wasm package: $(wc -c <"$OUT_WASM") bytes in $OUT_WASM"
fi
