#!/bin/sh
# Installs the build tree BUILD into a temporary prefix under WORK, then builds
# and runs a small program against it with pkg-config and with find_package.
set -eu
build=$1 work=$2 cc=${3:-cc}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib* | head -n 1)
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shared, through pkg-config
"$cc" -o "$work/pc_shared" "$here/main.c" $(pkg-config --cflags --libs attune)
LD_LIBRARY_PATH="$libdir" "$work/pc_shared"
# static, through pkg-config --static
"$cc" -o "$work/pc_static" "$here/main.c" $(pkg-config --static --cflags attune) \
  "$libdir/libattune.a" $(pkg-config --static --libs-only-l --libs-only-other attune | sed 's/-lattune//')
"$work/pc_static"
# find_package(attune)
cmake -S "$here" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$work/cmake" >/dev/null
LD_LIBRARY_PATH="$libdir" "$work/cmake/consumer_shared"
"$work/cmake/consumer_static"
echo "consumer: pkg-config and find_package builds ran"
