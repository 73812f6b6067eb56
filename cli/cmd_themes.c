/* attune classify: the themes of pages, as text or JSON Lines. A client of
 * attune_doc_parse, attune_classify and the result accessors. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const classify_usage =
    "usage: attune classify [--model FILE] [--jsonl] [--binary] FILE...\n"
    "Prints the themes of each page (FILE, '-' for standard input), highest score first.\n"
    "  --model FILE  use this model (models/README.md) instead of the built-in one\n"
    "  --binary      read a file that is not text too (else it is refused: exit 1)\n"
    "  --jsonl       one JSON object per file: {\"source\", \"themes\": [{\"id\", \"score\",\n"
    "                \"evidence\": [{\"start\", \"end\", \"text\"}]}], \"sections\": "
    "[{\"heading\",\n"
    "                \"line\", \"themes\": [{\"id\", \"score\"}]}]}; themes lists present themes "
    "only\n";

/* A growable output line. */
typedef struct out {
    char *p;
    size_t n, cap;
    int failed;
} out;

static void put(out *o, const char *s, size_t n) {
    if (o->failed)
        return;
    if (o->n + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 1024;
        while (cap < o->n + n + 1)
            cap *= 2;
        char *p = realloc(o->p, cap);
        if (!p) {
            o->failed = 1;
            return;
        }
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static void putf(out *o, const char *fmt, double v) {
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, fmt, v);
    if (n > 0)
        put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void putz(out *o, size_t v) {
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%zu", v);
    if (n > 0)
        put(o, tmp, (size_t)n);
}

/* Length of the well-formed UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    if (s[0] < 0x80)
        return 1;
    size_t k = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (k == 0 || k > n || (s[0] >= 0xF8))
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (k == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
        return 0;
    if (k == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
        return 0;
    return k;
}

/* A JSON string literal; ill-formed UTF-8 becomes U+FFFD. */
static void put_json(out *o, const char *s, size_t n) {
    put(o, "\"", 1);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            put(o, e, 2);
            i++;
        } else if (c < 0x20) {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            put(o, e, 6);
            i++;
        } else {
            size_t k = utf8_len(u + i, n - i);
            if (k == 0) {
                put(o, "\xEF\xBF\xBD", 3);
                i++;
            } else {
                put(o, s + i, k);
                i += k;
            }
        }
    }
    put(o, "\"", 1);
}

static void put_jsonl(out *o, const char *name, const char *src, const attune_result *r) {
    const attune_model *m = attune_result_model(r);
    puts_(o, "{\"source\":");
    put_json(o, name, strlen(name));
    puts_(o, ",\"themes\":[");
    size_t np = attune_result_present_count(r, 0);
    for (size_t i = 0; i < np; i++) {
        size_t t;
        double sc;
        attune_result_present_theme(r, 0, i, &t);
        attune_result_theme(r, 0, t, &sc, NULL);
        puts_(o, i ? ",{\"id\":" : "{\"id\":");
        const char *id = attune_model_theme_id(m, t);
        put_json(o, id, strlen(id));
        puts_(o, ",\"score\":");
        putf(o, "%.4f", sc);
        puts_(o, ",\"evidence\":[");
        size_t ne = attune_result_evidence_count(r, 0, t);
        for (size_t k = 0; k < ne; k++) {
            size_t a, b;
            attune_result_evidence(r, 0, t, k, &a, &b);
            puts_(o, k ? ",{\"start\":" : "{\"start\":");
            putz(o, a);
            puts_(o, ",\"end\":");
            putz(o, b);
            puts_(o, ",\"text\":");
            put_json(o, src + a, b - a);
            puts_(o, "}");
        }
        puts_(o, "]}");
    }
    puts_(o, "],\"sections\":[");
    size_t ns = attune_result_section_count(r);
    for (size_t u = 1; u <= ns; u++) {
        const char *h;
        size_t hl, line = 0;
        attune_result_section_heading(r, u, &h, &hl);
        attune_result_section_line(r, u, &line);
        puts_(o, u > 1 ? ",{\"heading\":" : "{\"heading\":");
        if (attune_result_unit_block(r, u))
            put_json(o, h, hl);
        else
            puts_(o, "null");
        puts_(o, ",\"line\":");
        putz(o, line);
        puts_(o, ",\"themes\":[");
        size_t n = attune_result_present_count(r, u);
        for (size_t i = 0; i < n; i++) {
            size_t t;
            double sc;
            attune_result_present_theme(r, u, i, &t);
            attune_result_theme(r, u, t, &sc, NULL);
            puts_(o, i ? ",{\"id\":" : "{\"id\":");
            const char *id = attune_model_theme_id(m, t);
            put_json(o, id, strlen(id));
            puts_(o, ",\"score\":");
            putf(o, "%.4f", sc);
            puts_(o, "}");
        }
        puts_(o, "]}");
    }
    puts_(o, "]}\n");
}

static void put_text(out *o, const char *name, const attune_result *r) {
    const attune_model *m = attune_result_model(r);
    puts_(o, name);
    puts_(o, "\n");
    size_t np = attune_result_present_count(r, 0);
    if (np == 0)
        puts_(o, "  (no theme)\n");
    for (size_t i = 0; i < np; i++) {
        size_t t;
        double sc;
        attune_result_present_theme(r, 0, i, &t);
        attune_result_theme(r, 0, t, &sc, NULL);
        char line[256];
        size_t cues = attune_result_evidence_count(r, 0, t);
        int n =
            snprintf(line, sizeof line, "  %-16s %.3f  %s (%zu %s)\n", attune_model_theme_id(m, t),
                     sc, attune_model_theme_name(m, t), cues, cues == 1 ? "cue" : "cues");
        if (n > 0)
            put(o, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    }
}

static int classify_file(const char *path, const attune_model *model, int jsonl,
                         uint32_t parse_flags) {
    char *data;
    size_t len;
    if (cli_read_file(path, &data, &len) != 0)
        return CLI_ERROR;
    const char *name = path ? path : "-";
    attune_doc *doc = NULL;
    attune_error err;
    attune_error_clear(&err);
    attune_parse_options po;
    attune_parse_options_init(&po);
    po.flags = parse_flags;
    int32_t rc = attune_doc_parse(data, len, &po, &doc, &err);
    if (rc != ATTUNE_OK) {
        free(data);
        cli_report(name, rc, &err);
        return rc == ATTUNE_ENOMEM ? CLI_ERROR : CLI_BAD_INPUT;
    }
    attune_result *r = NULL;
    rc = attune_classify(model, doc, NULL, &r, &err);
    if (rc != ATTUNE_OK) {
        attune_doc_free(doc);
        free(data);
        cli_report(name, rc, &err);
        return CLI_ERROR;
    }
    const char *src;
    size_t slen;
    attune_doc_source(doc, &src, &slen);
    out o = {NULL, 0, 0, 0};
    if (jsonl)
        put_jsonl(&o, name, src, r);
    else
        put_text(&o, name, r);
    int status = CLI_OK;
    if (o.failed) {
        fprintf(stderr, "attune: %s: out of memory\n", name);
        status = CLI_ERROR;
    } else if (cli_write(o.p, o.n) != 0) {
        status = CLI_ERROR;
    }
    free(o.p);
    attune_result_free(r);
    attune_doc_free(doc);
    free(data);
    return status;
}

int cli_cmd_classify(int argc, char **argv) {
    const char *model_path = NULL;
    int jsonl = 0, first = 1;
    uint32_t parse_flags = 0;
    for (; first < argc; first++) {
        if (strcmp(argv[first], "--help") == 0) {
            fputs(classify_usage, stdout);
            return CLI_OK;
        } else if (strcmp(argv[first], "--jsonl") == 0) {
            jsonl = 1;
        } else if (strcmp(argv[first], "--binary") == 0) {
            parse_flags |= ATTUNE_PARSE_ANY_BYTES;
        } else if (strcmp(argv[first], "--model") == 0 && first + 1 < argc) {
            model_path = argv[++first];
        } else if (strcmp(argv[first], "--") == 0) {
            first++;
            break;
        } else if (argv[first][0] == '-' && argv[first][1] != '\0') {
            fprintf(stderr, "attune: classify: unknown option '%s'\n", argv[first]);
            fputs(classify_usage, stderr);
            return CLI_ERROR;
        } else {
            break;
        }
    }
    if (first >= argc) {
        fputs(classify_usage, stderr);
        return CLI_ERROR;
    }
    attune_model *loaded = NULL;
    const attune_model *model = attune_model_default();
    if (model_path) {
        attune_error err;
        attune_error_clear(&err);
        int32_t rc = attune_model_load(model_path, &loaded, &err);
        if (rc != ATTUNE_OK) {
            cli_report(model_path, rc, &err);
            return rc == ATTUNE_EMODEL ? CLI_BAD_INPUT : CLI_ERROR;
        }
        model = loaded;
    }
    if (!model) {
        fprintf(stderr, "attune: classify: the built-in model could not be built\n");
        return CLI_ERROR;
    }
    int status = CLI_OK;
    for (int i = first; i < argc; i++) {
        int st = classify_file(argv[i], model, jsonl, parse_flags);
        if (st > status)
            status = st;
    }
    attune_model_free(loaded);
    return status;
}
