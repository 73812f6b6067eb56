#!/bin/sh
# pip installs the package offline (no build isolation, no index) from a copy
# of its sources laid out as in the repository, into a private target
# directory, then uses the installed copy:
#   - with ATTUNE_LIBRARY pointing at the built library;
#   - without it, finding the library in the tree's _install/lib prefix (the
#     wheel records the prefix of the tree it was built from).
#   pip_install.sh PYTHON WORK LIBATTUNE SAMPLE_PAGE
set -eu
py=$1 work=$2 lib=$3 page=$4
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$work"
repo="$work/repo"
mkdir -p "$repo/bindings/python" "$repo/_install/lib"
# A copy, so that nothing is written into the source tree.
cp -R "$here/pyproject.toml" "$here/README.md" "$here/attune" "$here/_build_backend" \
      "$repo/bindings/python/"
ln -s "$lib" "$repo/_install/lib/libattune.so.1"
"$py" -m pip install --quiet --no-build-isolation --no-index --no-deps \
      --disable-pip-version-check --target "$work/site" "$repo/bindings/python"
test -f "$work/site/attune/__init__.py"
test -f "$work/site/attune/__main__.py"
test -f "$work/site/attune/_install_hint.py"
ls -d "$work"/site/attune-*.dist-info >/dev/null
cd "$work"
unset ATTUNE_LIBRARY ATTUNE_PREFIX
export PYTHONPATH="$work/site" PYTHONDONTWRITEBYTECODE=1
"$py" -c "
import attune, sys
assert attune.__file__.startswith(sys.argv[1]), attune.__file__
assert attune.library_path() == sys.argv[2], attune.library_path()
print('installed attune', attune.__version__, 'found', attune.library_path())" \
    "$work/site" "$repo/_install/lib/libattune.so.1"
ATTUNE_LIBRARY="$lib" "$py" -m attune --version
ATTUNE_LIBRARY="$lib" "$py" -m attune "$page" > "$work/outline.txt"
head -n 3 "$work/outline.txt"
test -s "$work/outline.txt"
echo "pip install: ok"
