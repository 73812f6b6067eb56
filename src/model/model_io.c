/* The model text format (models/README.md): loading and saving. */
#include "model/model_internal.h"

#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define HEADER "attune-model 1"

static uint64_t fnv1a(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Parses a decimal number (locale-independent): [+-]digits[.digits][e[+-]digits]. */
static bool parse_number(const char *s, size_t n, double *out) {
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    double mant = 0.0;
    int digits = 0, scale = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (digits < 18)
            mant = mant * 10.0 + (s[i] - '0');
        else
            scale++;
        digits++;
        i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (digits < 18) {
                mant = mant * 10.0 + (s[i] - '0');
                scale--;
            }
            digits++;
            i++;
        }
    }
    if (digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        int e = 0, ed = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (e < 10000)
                e = e * 10 + (s[i] - '0');
            ed++;
            i++;
        }
        if (!ed)
            return false;
        scale += eneg ? -e : e;
    }
    if (i != n || scale > 400 || scale < -400)
        return false;
    double v = mant * pow(10.0, scale);
    if (!isfinite(v))
        return false;
    *out = neg ? -v : v;
    return true;
}

typedef struct line {
    const char *p;
    size_t n;
} line;

static line trim(const char *p, size_t n) {
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    return (line){p, n};
}

/* Splits off the first space-separated word of *l. */
static line next_word(line *l) {
    line w = {l->p, 0};
    while (w.n < l->n && l->p[w.n] != ' ' && l->p[w.n] != '\t')
        w.n++;
    *l = trim(l->p + w.n, l->n - w.n);
    return w;
}

static bool word_is(line w, const char *s) { return w.n == strlen(s) && memcmp(w.p, s, w.n) == 0; }

typedef struct loader {
    attune_model *m;
    struct sb_stemmer *st;
    attune_error *err;
    size_t off; /* offset of the current line */
} loader;

static int32_t bad(loader *L, const char *msg) {
    return attune__fail(L->err, ATTUNE_EMODEL, msg, L->off);
}

static int32_t oom(loader *L) {
    return attune__fail(L->err, ATTUNE_ENOMEM, "out of memory", L->off);
}

/* label ID [bias=B] [threshold=T] */
static int32_t do_label(loader *L, line rest) {
    line id = next_word(&rest);
    if (!id.n)
        return bad(L, "label without an id");
    double bias = 0.0, thr = 0.5;
    while (rest.n) {
        line kv = next_word(&rest);
        const char *eq = memchr(kv.p, '=', kv.n);
        if (!eq)
            return bad(L, "label: expected key=value");
        line k = {kv.p, (size_t)(eq - kv.p)};
        double v;
        if (!parse_number(eq + 1, kv.n - k.n - 1, &v))
            return bad(L, "label: bad number");
        if (word_is(k, "bias"))
            bias = v;
        else if (word_is(k, "threshold"))
            thr = v;
        else
            return bad(L, "label: unknown key (bias, threshold)");
    }
    if (!(thr >= 0.0 && thr <= 1.0))
        return bad(L, "label: threshold must be in [0, 1]");
    if (attune_model_theme_index(L->m, id.p, id.n) >= 0)
        return bad(L, "label declared twice");
    int32_t rc = attune__model_add_label(L->m, id.p, id.n, NULL, 0, NULL, 0, bias, thr, NULL);
    if (rc == ATTUNE_ENOMEM)
        return oom(L);
    return rc ? bad(L, "label: invalid id") : ATTUNE_OK;
}

/* name ID text / about ID text */
static int32_t do_text(loader *L, line rest, bool is_name) {
    line id = next_word(&rest);
    int32_t idx = attune_model_theme_index(L->m, id.p, id.n);
    if (idx < 0)
        return bad(L, "unknown label (declare it with a label line first)");
    char *copy = attune__strndup(rest.p, rest.n);
    if (!copy)
        return oom(L);
    for (size_t i = 0; i < rest.n; i++)
        if ((unsigned char)copy[i] < ' ')
            copy[i] = ' ';
    attune__label *l = &L->m->labels[idx];
    char **slot = is_name ? &l->name : &l->desc;
    attune__free(*slot);
    *slot = copy;
    return ATTUNE_OK;
}

/* phrase|stems [LABEL=W ...] : TEXT (bare = false), and except TEXT or
 * negation|negation-stems TEXT (bare = true; `label` ATTUNE__NO_LABEL or
 * ATTUNE__NEGATION: what a phrase without weights becomes) */
static int32_t do_entry(loader *L, line rest, bool stems, bool bare, uint32_t label) {
    bool except = bare;
    line text = rest, weights = {rest.p, 0};
    if (!except) {
        const char *colon = memchr(rest.p, ':', rest.n);
        if (!colon)
            return bad(L, "entry: expected ':' before the words");
        weights = trim(rest.p, (size_t)(colon - rest.p));
        text = trim(colon + 1, rest.n - (size_t)(colon - rest.p) - 1);
    }
    if (!text.n)
        return bad(L, "entry without words");
    uint32_t labels[64];
    double ws[64];
    size_t nw = 0;
    while (weights.n) {
        line kv = next_word(&weights);
        const char *eq = memchr(kv.p, '=', kv.n);
        if (!eq)
            return bad(L, "entry: expected LABEL=WEIGHT");
        size_t kl = (size_t)(eq - kv.p);
        int32_t idx = attune_model_theme_index(L->m, kv.p, kl);
        if (idx < 0)
            return bad(L, "entry: unknown label");
        if (nw == 64)
            return bad(L, "entry: too many weights");
        if (!parse_number(eq + 1, kv.n - kl - 1, &ws[nw]))
            return bad(L, "entry: bad weight");
        labels[nw++] = (uint32_t)idx;
    }
    int32_t rc = ATTUNE_OK;
    for (size_t i = 0; i <= nw && rc == ATTUNE_OK; i++) {
        if (i == nw && nw)
            break;
        uint32_t lab = nw ? labels[i] : label;
        double w = nw ? ws[i] : 0.0;
        rc = stems ? attune__model_add_entry(L->m, text.p, text.n, lab, w)
                   : attune__model_add_words(L->m, text.p, text.n, lab, w, L->st);
    }
    if (rc == ATTUNE_ENOMEM)
        return oom(L);
    return rc ? bad(L, "entry: no words, too many words or a word too long") : ATTUNE_OK;
}

static int32_t do_norm(loader *L, line rest) {
    line a = next_word(&rest), b = next_word(&rest);
    double p, mn;
    if (!parse_number(a.p, a.n, &p) || !parse_number(b.p, b.n, &mn) || rest.n)
        return bad(L, "norm: expected POWER MIN_TOKENS");
    if (attune__model_set_norm(L->m, p, mn))
        return bad(L, "norm: POWER in [0, 4], MIN_TOKENS >= 1");
    return ATTUNE_OK;
}

static int32_t do_negation_scope(loader *L, line rest) {
    line a = next_word(&rest);
    double v;
    if (!parse_number(a.p, a.n, &v) || rest.n || !(v >= 0.0 && v <= 8.0) ||
        v != (double)(uint32_t)v || attune__model_set_negation_scope(L->m, (uint32_t)v))
        return bad(L, "negation-scope: expected a whole number of words from 0 to 8");
    return ATTUNE_OK;
}

static int32_t do_heading(loader *L, line rest) {
    line a = next_word(&rest);
    double f;
    if (!parse_number(a.p, a.n, &f) || rest.n)
        return bad(L, "heading: expected FACTOR");
    if (attune__model_set_heading_factor(L->m, f))
        return bad(L, "heading: FACTOR in [0, 100]");
    return ATTUNE_OK;
}

int32_t attune_model_load_buffer(const char *ptr, size_t len, attune_model **out,
                                 attune_error *err) {
    if (out)
        *out = NULL;
    if (!ptr || !out)
        return attune__fail(err, ATTUNE_EINVAL, "NULL argument", ATTUNE_NO_OFFSET);
    if (len > ATTUNE_MODEL_MAX_BYTES)
        return attune__fail(err, ATTUNE_ELIMIT, "model larger than ATTUNE_MODEL_MAX_BYTES",
                            ATTUNE_MODEL_MAX_BYTES);
    size_t hl = strlen(HEADER);
    if (len < hl || memcmp(ptr, HEADER, hl) != 0 ||
        (len > hl && ptr[hl] != '\n' && ptr[hl] != '\r' && ptr[hl] != ' '))
        return attune__fail(err, ATTUNE_EMODEL, "not an attune model (expected 'attune-model 1')",
                            0);
    loader L = {NULL, NULL, err, 0};
    if (attune__model_new(&L.m))
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    L.st = attune__stemmer_new();
    if (!L.st) {
        attune_model_free(L.m);
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    int32_t rc = ATTUNE_OK;
    bool seen_checksum = false;
    size_t pos = 0;
    bool first = true;
    while (pos < len && rc == ATTUNE_OK) {
        const char *nl = memchr(ptr + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - ptr) : len;
        L.off = pos;
        line l = trim(ptr + pos, end - pos);
        size_t next = nl ? end + 1 : len;
        if (memchr(l.p, '\0', l.n)) {
            rc = bad(&L, "NUL byte in model");
            break;
        }
        if (first) {
            first = false;
            pos = next;
            continue;
        }
        if (seen_checksum && l.n) {
            rc = bad(&L, "text after the checksum line");
            break;
        }
        if (l.n == 0 || l.p[0] == '#') {
            pos = next;
            continue;
        }
        line kw = next_word(&l);
        if (word_is(kw, "label"))
            rc = do_label(&L, l);
        else if (word_is(kw, "name"))
            rc = do_text(&L, l, true);
        else if (word_is(kw, "about"))
            rc = do_text(&L, l, false);
        else if (word_is(kw, "phrase"))
            rc = do_entry(&L, l, false, false, ATTUNE__NO_LABEL);
        else if (word_is(kw, "stems"))
            rc = do_entry(&L, l, true, false, ATTUNE__NO_LABEL);
        else if (word_is(kw, "except"))
            rc = do_entry(&L, l, false, true, ATTUNE__NO_LABEL);
        else if (word_is(kw, "negation"))
            rc = do_entry(&L, l, false, true, ATTUNE__NEGATION);
        else if (word_is(kw, "negation-stems"))
            rc = do_entry(&L, l, true, true, ATTUNE__NEGATION);
        else if (word_is(kw, "negation-scope"))
            rc = do_negation_scope(&L, l);
        else if (word_is(kw, "norm"))
            rc = do_norm(&L, l);
        else if (word_is(kw, "heading"))
            rc = do_heading(&L, l);
        else if (word_is(kw, "checksum")) {
            line alg = next_word(&l), hex = next_word(&l);
            char want[17];
            snprintf(want, sizeof want, "%016llx", (unsigned long long)fnv1a(ptr, pos));
            if (!word_is(alg, "fnv1a64") || l.n || hex.n != 16)
                rc = bad(&L, "checksum: expected 'checksum fnv1a64 HEX16'");
            else if (memcmp(hex.p, want, 16) != 0)
                rc = bad(&L, "checksum mismatch: the model was altered or truncated");
            seen_checksum = true;
        } else
            rc = bad(&L, "unknown line (expected label, name, about, phrase, stems, except, "
                         "negation, negation-stems, negation-scope, norm, heading, checksum)");
        pos = next;
    }
    attune__stemmer_free(L.st);
    if (rc == ATTUNE_OK)
        rc = attune__model_finalize(L.m, err);
    if (rc) {
        attune_model_free(L.m);
        return rc;
    }
    *out = L.m;
    return ATTUNE_OK;
}

int32_t attune_model_load(const char *path, attune_model **out, attune_error *err) {
    if (out)
        *out = NULL;
    if (!path || !out)
        return attune__fail(err, ATTUNE_EINVAL, "NULL argument", ATTUNE_NO_OFFSET);
    FILE *f = fopen(path, "rb");
    if (!f)
        return attune__fail(err, ATTUNE_EIO, "cannot open the model file", ATTUNE_NO_OFFSET);
    attune__buf b = ATTUNE__BUF_INIT;
    char chunk[65536];
    size_t got;
    int32_t rc = ATTUNE_OK;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + got > ATTUNE_MODEL_MAX_BYTES) {
            rc = ATTUNE_ELIMIT;
            break;
        }
        if (attune__buf_append(&b, chunk, got)) {
            rc = ATTUNE_ENOMEM;
            break;
        }
    }
    bool ioerr = ferror(f) != 0;
    fclose(f);
    if (rc == ATTUNE_ELIMIT)
        rc = attune__fail(err, ATTUNE_ELIMIT, "model larger than ATTUNE_MODEL_MAX_BYTES",
                          ATTUNE_MODEL_MAX_BYTES);
    else if (rc == ATTUNE_OK && ioerr)
        rc = attune__fail(err, ATTUNE_EIO, "error reading the model file", ATTUNE_NO_OFFSET);
    else if (rc)
        rc = attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    if (rc == ATTUNE_OK)
        rc = attune_model_load_buffer(b.data ? b.data : "", b.len, out, err);
    attune__buf_free(&b);
    return rc;
}

/* Appends v with 9 significant digits, '.' as the decimal point whatever the
 * locale. */
static int32_t put_num(attune__buf *b, double v) {
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.9g", v);
    if (n <= 0 || (size_t)n >= sizeof tmp)
        return attune__buf_puts(b, "0");
    for (int i = 0; i < n; i++)
        if (tmp[i] == ',')
            tmp[i] = '.';
    return attune__buf_append(b, tmp, (size_t)n);
}

/* Appends " STEM STEM ...\n" of an entry. */
static int32_t put_stems(attune__buf *b, const attune_model *m, const attune__entry *en) {
    int32_t rc = ATTUNE_OK;
    for (uint32_t k = 0; k < en->len && !rc; k++) {
        rc = attune__buf_putc(b, ' ');
        rc = rc ? rc : attune__buf_puts(b, m->stems[m->tok[en->first + k]]);
    }
    return rc ? rc : attune__buf_putc(b, '\n');
}

int32_t attune_model_save_buffer(const attune_model *m, char **out, size_t *out_len,
                                 attune_error *err) {
    if (out)
        *out = NULL;
    if (!m || !out || !m->finalized)
        return attune__fail(err, ATTUNE_EINVAL, "NULL argument", ATTUNE_NO_OFFSET);
    attune__buf b = ATTUNE__BUF_INIT;
    int32_t rc =
        attune__buf_puts(&b, HEADER "\n# attune theme model (format: models/README.md)\nnorm ");
    rc = rc ? rc : put_num(&b, m->norm_power);
    rc = rc ? rc : attune__buf_putc(&b, ' ');
    rc = rc ? rc : put_num(&b, m->norm_min);
    rc = rc ? rc : attune__buf_puts(&b, "\nheading ");
    rc = rc ? rc : put_num(&b, m->heading_factor);
    if (!rc && m->nnegations) {
        rc = attune__buf_puts(&b, "\nnegation-scope ");
        rc = rc ? rc : put_num(&b, (double)m->negation_scope);
    }
    rc = rc ? rc : attune__buf_putc(&b, '\n');
    for (uint32_t i = 0; i < m->nlabels && !rc; i++) {
        const attune__label *l = &m->labels[i];
        rc = attune__buf_puts(&b, "label ");
        rc = rc ? rc : attune__buf_puts(&b, l->id);
        rc = rc ? rc : attune__buf_puts(&b, " bias=");
        rc = rc ? rc : put_num(&b, l->bias);
        rc = rc ? rc : attune__buf_puts(&b, " threshold=");
        rc = rc ? rc : put_num(&b, l->threshold);
        if (!rc && l->name[0]) {
            rc = attune__buf_puts(&b, "\nname ");
            rc = rc ? rc : attune__buf_puts(&b, l->id);
            rc = rc ? rc : attune__buf_putc(&b, ' ');
            rc = rc ? rc : attune__buf_puts(&b, l->name);
        }
        if (!rc && l->desc[0]) {
            rc = attune__buf_puts(&b, "\nabout ");
            rc = rc ? rc : attune__buf_puts(&b, l->id);
            rc = rc ? rc : attune__buf_putc(&b, ' ');
            rc = rc ? rc : attune__buf_puts(&b, l->desc);
        }
        rc = rc ? rc : attune__buf_putc(&b, '\n');
    }
    for (uint32_t e = 0; e < m->nentries && !rc; e++) {
        const attune__entry *en = &m->entries[e];
        if (en->negation) {
            rc = attune__buf_puts(&b, "negation-stems");
            rc = rc ? rc : put_stems(&b, m, en);
            if (rc || !en->wcount)
                continue;
        }
        rc = attune__buf_puts(&b, "stems");
        for (uint32_t k = 0; k < en->wcount && !rc; k++) {
            const attune__weight *w = &m->w[en->wfirst + k];
            rc = attune__buf_putc(&b, ' ');
            rc = rc ? rc : attune__buf_puts(&b, m->labels[w->label].id);
            rc = rc ? rc : attune__buf_putc(&b, '=');
            rc = rc ? rc : put_num(&b, w->weight);
        }
        rc = rc ? rc : attune__buf_puts(&b, " :");
        rc = rc ? rc : put_stems(&b, m, en);
    }
    if (!rc) {
        char line_buf[64];
        snprintf(line_buf, sizeof line_buf, "checksum fnv1a64 %016llx\n",
                 (unsigned long long)fnv1a(b.data, b.len));
        rc = attune__buf_puts(&b, line_buf);
    }
    char *data = rc ? NULL : attune__buf_detach(&b, out_len);
    if (!data) {
        attune__buf_free(&b);
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    *out = data;
    return ATTUNE_OK;
}

int32_t attune_model_save(const attune_model *m, const char *path, attune_error *err) {
    if (!m || !path)
        return attune__fail(err, ATTUNE_EINVAL, "NULL argument", ATTUNE_NO_OFFSET);
    char *data;
    size_t len;
    int32_t rc = attune_model_save_buffer(m, &data, &len, err);
    if (rc)
        return rc;
    FILE *f = fopen(path, "wb");
    if (!f) {
        attune_free(data);
        return attune__fail(err, ATTUNE_EIO, "cannot create the model file", ATTUNE_NO_OFFSET);
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    attune_free(data);
    return ok ? ATTUNE_OK
              : attune__fail(err, ATTUNE_EIO, "error writing the model file", ATTUNE_NO_OFFSET);
}
