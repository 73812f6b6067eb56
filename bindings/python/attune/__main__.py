"""python -m attune FILE...: the outline of each page with its themes."""

import argparse
import sys

import attune


def _themes(ts, evidence=0):
    parts = []
    for t in ts:
        s = "%s %.2f" % (t.id, t.score)
        if evidence:
            words = []
            for sp in t.evidence:
                w = sp.text
                if w.lower() not in (x.lower() for x in words):
                    words.append(w)
            if words:
                s += " (%s)" % ", ".join(words[:evidence])
        parts.append(s)
    return ", ".join(parts)


def show(doc, model, out):
    """Writes the outline of doc with the themes of each section."""
    result = attune.classify(doc, model)
    for sec in result.sections:
        block = sec.block
        level = block.level if block is not None else 1
        heading = sec.heading or "(introduction)"
        line = "%s%s" % ("  " * max(level - 1, 0), heading)
        themes = _themes(sec.themes)
        out.write("%-60s [%s]\n" % (line, themes) if themes else line + "\n")
    out.write("themes: %s\n" % (_themes(result.themes, evidence=3) or "none"))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m attune",
                                 description="Print the outline of pages with their themes.")
    ap.add_argument("files", nargs="*", metavar="FILE", help="page dumped as text ('-' for stdin)")
    ap.add_argument("--model", metavar="MODEL", help="a model file (default: the built-in model)")
    ap.add_argument("--version", action="store_true", help="print the versions and exit")
    args = ap.parse_args(argv)
    if args.version:
        print("attune %s (libattune %s at %s)" % (attune.__version__, attune.library_version(),
                                                 attune.library_path()))
        return 0
    if not args.files:
        ap.error("no FILE given")
    try:
        model = attune.Model.load(args.model) if args.model else attune.Model.default()
    except attune.Error as e:
        print("attune: %s" % e, file=sys.stderr)
        return 1
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
        show(doc, model, sys.stdout)
    return status


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
