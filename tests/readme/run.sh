#!/bin/sh
# Compiles and runs the C example of README.md against the build tree, so the
# README's code keeps working. Arguments: SOURCE_DIR BUILD_DIR WORK_DIR CC
set -eu
src=$1 build=$2 work=$3 cc=$4
mkdir -p "$work"
awk '/^```c$/{f=1;next}/^```$/{f=0}f' "$src/README.md" > "$work/readme.c"
[ -s "$work/readme.c" ] || { echo "README.md has no C example"; exit 1; }
"$cc" -std=c11 -Wall -Wextra -Werror -I"$src/include" "$work/readme.c" -o "$work/readme" \
      -L"$build" -lattune
LD_LIBRARY_PATH="$build" "$work/readme" > "$work/out.txt"
cat "$work/out.txt"
grep -q '^title  *Why Trust Matters in Therapy$' "$work/out.txt"
grep -q '^theme trust ' "$work/out.txt"
