"""python -m attune FILE...: the outline of each page with its themes."""

import argparse
import sys

import attune


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m attune",
                                 description="Print the outline of pages with their themes.")
    ap.add_argument("files", nargs="*", metavar="FILE", help="page dumped as text ('-' for stdin)")
    ap.add_argument("--version", action="store_true", help="print the versions and exit")
    args = ap.parse_args(argv)
    if args.version:
        print("attune %s (libattune %s at %s)" % (attune.__version__, attune.library_version(),
                                                 attune.library_path()))
        return 0
    if not args.files:
        ap.error("no FILE given")
    status = 0
    for path in args.files:
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as f:
                    data = f.read()
            doc = attune.parse(data)
        except (OSError, attune.Error) as e:
            print("attune: %s: %s" % (path, e), file=sys.stderr)
            status = 1
            continue
        if len(args.files) > 1:
            print("==> %s <==" % path)
        for entry in doc.outline():
            print("%s%s" % ("  " * (entry.level - 1), entry.text))
    return status


if __name__ == "__main__":
    sys.exit(main())
