#!/bin/sh
# pip installs the package offline (no build isolation, no index) from a copy
# of its sources into a private target directory, then uses the installed copy.
#   pip_install.sh PYTHON WORK LIBATTUNE SAMPLE_PAGE
set -eu
py=$1 work=$2 lib=$3 page=$4
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$work"
mkdir -p "$work/src"
# A copy, so that nothing is written into the source tree.
cp -R "$here/pyproject.toml" "$here/README.md" "$here/attune" "$here/_build_backend" "$work/src/"
"$py" -m pip install --quiet --no-build-isolation --no-index --no-deps \
      --disable-pip-version-check --target "$work/site" "$work/src"
test -f "$work/site/attune/__init__.py"
test -f "$work/site/attune/__main__.py"
ls -d "$work"/site/attune-*.dist-info >/dev/null
cd "$work"
PYTHONPATH="$work/site" ATTUNE_LIBRARY="$lib" PYTHONDONTWRITEBYTECODE=1 \
    "$py" -c "import attune, sys; assert attune.__file__.startswith(sys.argv[1]), attune.__file__; print('installed attune', attune.__version__, 'over libattune', attune.library_version())" "$work/site"
PYTHONPATH="$work/site" ATTUNE_LIBRARY="$lib" PYTHONDONTWRITEBYTECODE=1 \
    "$py" -m attune --version
echo "pip install: ok"
