#!/bin/sh
# Runs the crate's tests against the build tree BUILD: installs it into a
# temporary prefix under WORK (so that pkg-config finds attune.pc as a user's
# would), then `cargo test --offline` with the target directory in WORK.
set -eu
build=$1 work=$2 cargo=${3:-cargo}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
rm -rf "$work/prefix"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
libdir=$(ls -d "$work/prefix"/lib* | head -n 1)
PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# rustup's proxies find their toolchain through PATH as well.
PATH="$(dirname "$cargo"):$PATH"
ATTUNE_INCLUDE_DIR="$here/../../include/attune"
export PKG_CONFIG_PATH LD_LIBRARY_PATH PATH ATTUNE_INCLUDE_DIR
cd "$here"
"$cargo" test --offline --target-dir "$work/target" 2>&1
# The README's example program, on the sample page.
"$cargo" run --quiet --offline --target-dir "$work/target" --example outline -- \
    "$here/../../examples/sample-page.txt" > "$work/outline.txt"
cat "$work/outline.txt"
grep -q '^Why Boundaries Matter in the Therapy Room  \[' "$work/outline.txt"
grep -q '^themes: [a-z_]* [01]\.[0-9][0-9] (' "$work/outline.txt"
# The README's Rust snippet (examples/readme.rs), run from the repository root.
cd "$here/../.."
"$cargo" run --quiet --offline --target-dir "$work/target" \
    --manifest-path bindings/rust/Cargo.toml --example readme > "$work/readme.txt"
cat "$work/readme.txt"
grep -q '^1 Why Boundaries Matter in the Therapy Room$' "$work/readme.txt"
grep -q '^[a-z_]* [01]\.[0-9][0-9] Some(' "$work/readme.txt"
echo "rust bindings: ok"
