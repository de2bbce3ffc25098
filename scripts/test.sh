#!/usr/bin/env bash
# Every check of the project, in order, stopping at the first failure:
# set-up (with the browser), rustfmt, clippy, cargo tests, Vitest, browser tests in Chromium.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

current_step=""
on_exit() {
    local status=$?
    if [[ $status != 0 && -n "$current_step" ]]; then
        printf '\ntest: FAILED at step "%s" (exit status %s)\n' "$current_step" "$status" >&2
    fi
}
trap on_exit EXIT

step() {
    current_step="$1"
    shift
    printf '\n=== test: %s\n' "$current_step"
    "$@"
}

step "set-up and wasm build" bash scripts/setup.sh --browser
step "cargo fmt" cargo fmt --all -- --check
step "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
step "cargo test" cargo test --workspace --profile checked
step "vitest" node_modules/.bin/vitest run
step "vite build" node_modules/.bin/vite build --logLevel warn
step "browser tests" node --test --test-reporter=spec tests/e2e/

current_step=""
printf '\ntest: all steps passed\n'
