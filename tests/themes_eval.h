/* Shared helpers of the theme quality tests: gold sections of the seeds,
 * CounselChat answers as plain text, and F1 bookkeeping. Header-only (static
 * functions) so that each test program stays self-contained. */
#ifndef ATTUNE_THEMES_EVAL_H
#define ATTUNE_THEMES_EVAL_H

#include "support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_MAX_THEMES 32

typedef struct eval_counts {
    size_t tp[EVAL_MAX_THEMES], fp[EVAL_MAX_THEMES], fn[EVAL_MAX_THEMES];
    size_t items;
} eval_counts;

/* Bit mask of the theme ids in a comma-separated list (unknown ids fail). */
static uint32_t eval_mask(const attune_model *m, const char *list, size_t n) {
    uint32_t mask = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && list[j] != ',')
            j++;
        size_t a = i, b = j;
        while (a < b && (list[a] == ' ' || list[a] == '"'))
            a++;
        while (b > a && (list[b - 1] == ' ' || list[b - 1] == '"' || list[b - 1] == '\r'))
            b--;
        if (b > a) {
            int32_t idx = attune_model_theme_index(m, list + a, b - a);
            if (idx < 0)
                fail_msg("unknown theme '%.*s' in gold data", (int)(b - a), list + a);
            mask |= 1u << idx;
        }
        i = j + 1;
    }
    return mask;
}

static uint32_t eval_predicted(const attune_result *r, size_t unit) {
    uint32_t mask = 0;
    size_t n = attune_result_present_count(r, unit);
    for (size_t i = 0; i < n; i++) {
        size_t t;
        assert_int_equal(attune_result_present_theme(r, unit, i, &t), 0);
        mask |= 1u << t;
    }
    return mask;
}

static void eval_add(eval_counts *c, size_t nthemes, uint32_t gold, uint32_t pred) {
    for (size_t t = 0; t < nthemes; t++) {
        bool g = gold >> t & 1, p = pred >> t & 1;
        c->tp[t] += g && p;
        c->fp[t] += !g && p;
        c->fn[t] += g && !p;
    }
    c->items++;
}

static double eval_f1(size_t tp, size_t fp, size_t fn) {
    return tp ? 2.0 * (double)tp / (double)(2 * tp + fp + fn) : 0.0;
}

/* Prints micro-F1, macro-F1 (over themes that occur in the gold data or in
 * the predictions) and F1 per theme; returns micro-F1, stores macro. */
static double eval_report(const char *name, const attune_model *m, const eval_counts *c,
                          double *macro_out) {
    size_t T = attune_model_theme_count(m), tp = 0, fp = 0, fn = 0, nmacro = 0;
    double macro = 0;
    printf("%s: %zu items\n", name, c->items);
    for (size_t t = 0; t < T; t++) {
        tp += c->tp[t];
        fp += c->fp[t];
        fn += c->fn[t];
        if (c->tp[t] + c->fp[t] + c->fn[t] == 0)
            continue;
        double f = eval_f1(c->tp[t], c->fp[t], c->fn[t]);
        macro += f;
        nmacro++;
        printf("  %-16s F1 %.3f  (tp %zu fp %zu fn %zu)\n", attune_model_theme_id(m, t), f,
               c->tp[t], c->fp[t], c->fn[t]);
    }
    double micro = eval_f1(tp, fp, fn);
    macro = nmacro ? macro / (double)nmacro : 0;
    printf("  micro-F1 %.3f  macro-F1 %.3f  (precision %.3f recall %.3f)\n", micro, macro,
           tp + fp ? (double)tp / (double)(tp + fp) : 0,
           tp + fn ? (double)tp / (double)(tp + fn) : 0);
    if (macro_out)
        *macro_out = macro;
    return micro;
}

/* Appends a JSON string's decoded UTF-8 at *p (just after the opening
 * quote) to out; returns the position after the closing quote. */
static const char *eval_json_string(const char *p, char **out, size_t *len, size_t *cap) {
    for (; *p && *p != '"'; p++) {
        char tmp[4];
        size_t n = 1;
        tmp[0] = *p;
        if (*p == '\\') {
            p++;
            switch (*p) {
            case 'n': tmp[0] = '\n'; break;
            case 't': tmp[0] = '\t'; break;
            case 'r': tmp[0] = '\r'; break;
            case 'b':
            case 'f': tmp[0] = ' '; break;
            case 'u': {
                unsigned cp = (unsigned)strtoul((char[5]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
                p += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' && p[2] == 'u') {
                    unsigned lo = (unsigned)strtoul((char[5]){p[3], p[4], p[5], p[6], 0}, NULL, 16);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
                if (cp < 0x80) {
                    tmp[0] = (char)cp;
                } else if (cp < 0x800) {
                    tmp[0] = (char)(0xC0 | cp >> 6);
                    tmp[1] = (char)(0x80 | (cp & 63));
                    n = 2;
                } else if (cp < 0x10000) {
                    tmp[0] = (char)(0xE0 | cp >> 12);
                    tmp[1] = (char)(0x80 | (cp >> 6 & 63));
                    tmp[2] = (char)(0x80 | (cp & 63));
                    n = 3;
                } else {
                    tmp[0] = (char)(0xF0 | cp >> 18);
                    tmp[1] = (char)(0x80 | (cp >> 12 & 63));
                    tmp[2] = (char)(0x80 | (cp >> 6 & 63));
                    tmp[3] = (char)(0x80 | (cp & 63));
                    n = 4;
                }
                break;
            }
            default: tmp[0] = *p;
            }
        }
        if (*len + n + 1 > *cap) {
            *cap = (*cap + n + 1) * 2;
            *out = realloc(*out, *cap);
            assert_non_null(*out);
        }
        memcpy(*out + *len, tmp, n);
        *len += n;
    }
    (*out)[*len] = '\0';
    return *p ? p + 1 : p;
}

/* Strips tags from HTML and decodes the common entities, in place; block
 * tags (p, br, li, div, h1-6) become blank lines. */
static size_t eval_strip_html(char *s, size_t n) {
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') {
            size_t j = i + 1;
            while (j < n && s[j] != '>')
                j++;
            const char *t = s + i + 1;
            if (*t == '/')
                t++;
            bool block = (t[0] == 'p' && (t[1] == '>' || t[1] == ' ')) ||
                         (t[0] == 'b' && t[1] == 'r') || (t[0] == 'l' && t[1] == 'i') ||
                         (t[0] == 'd' && t[1] == 'i' && t[2] == 'v') ||
                         (t[0] == 'h' && t[1] >= '1' && t[1] <= '6');
            if (block) {
                s[o++] = '\n';
                s[o++] = '\n';
            } else {
                s[o++] = ' ';
            }
            i = j < n ? j + 1 : n;
            continue;
        }
        if (s[i] == '&') {
            static const struct {
                const char *name, *text;
            } ents[] = {{"&amp;", "&"},   {"&lt;", "<"},      {"&gt;", ">"},     {"&quot;", "\""},
                        {"&#39;", "'"},   {"&apos;", "'"},    {"&nbsp;", " "},   {"&rsquo;", "'"},
                        {"&lsquo;", "'"}, {"&ldquo;", "\""},  {"&rdquo;", "\""}, {"&mdash;", " - "},
                        {"&ndash;", "-"}, {"&hellip;", "..."}};
            bool done = false;
            for (size_t k = 0; k < sizeof ents / sizeof ents[0] && !done; k++) {
                size_t l = strlen(ents[k].name);
                if (i + l <= n && memcmp(s + i, ents[k].name, l) == 0) {
                    size_t tl = strlen(ents[k].text);
                    if (tl <= l) {
                        memcpy(s + o, ents[k].text, tl);
                        o += tl;
                        i += l;
                        done = true;
                    }
                }
            }
            if (done)
                continue;
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}

/* The answer of CounselChat item `id` as plain text (malloc'd), or NULL. */
static char *eval_counselchat_answer(const char *jsonl, size_t id, size_t *len) {
    char key[64];
    snprintf(key, sizeof key, "{\"id\": %zu,", id);
    const char *line = strstr(jsonl, key);
    if (!line)
        return NULL;
    const char *p = strstr(line, "\"answer_html\": \"");
    const char *nl = strchr(line, '\n');
    if (!p || (nl && p > nl))
        return NULL;
    char *out = NULL;
    size_t n = 0, cap = 0;
    eval_json_string(p + strlen("\"answer_html\": \""), &out, &n, &cap);
    *len = eval_strip_html(out, n);
    return out;
}

#endif
