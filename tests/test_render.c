/* Rendering on the seed pages: JSON is one well-formed line with every
 * block; the outline has a line per block; the main text holds exactly the
 * content lines of the gold files and none of the boilerplate lines. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small JSON checker (RFC 8259 grammar, no semantics) ---- */
typedef struct jp {
    const char *s;
    size_t i, n;
    size_t objects;
} jp;

static void ws(jp *p) {
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]))
        p->i++;
}
static int value(jp *p, int depth);
static int string(jp *p) {
    if (p->i >= p->n || p->s[p->i] != '"')
        return 0;
    p->i++;
    while (p->i < p->n && p->s[p->i] != '"') {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            p->i++;
            if (p->i >= p->n || !strchr("\"\\/bfnrtu", p->s[p->i]))
                return 0;
            if (p->s[p->i] == 'u') {
                for (int k = 1; k <= 4; k++)
                    if (p->i + (size_t)k >= p->n ||
                        !strchr("0123456789abcdefABCDEF", p->s[p->i + (size_t)k]))
                        return 0;
                p->i += 4;
            }
        }
        p->i++;
    }
    if (p->i >= p->n)
        return 0;
    p->i++;
    return 1;
}
static int number(jp *p) {
    size_t b = p->i;
    if (p->i < p->n && p->s[p->i] == '-')
        p->i++;
    while (p->i < p->n && strchr("0123456789.eE+-", p->s[p->i]))
        p->i++;
    return p->i > b;
}
static int literal(jp *p, const char *w) {
    size_t n = strlen(w);
    if (p->n - p->i < n || memcmp(p->s + p->i, w, n) != 0)
        return 0;
    p->i += n;
    return 1;
}
static int value(jp *p, int depth) {
    if (depth > 64)
        return 0;
    ws(p);
    if (p->i >= p->n)
        return 0;
    char c = p->s[p->i];
    if (c == '{') {
        p->i++;
        p->objects++;
        ws(p);
        if (p->i < p->n && p->s[p->i] == '}') {
            p->i++;
            return 1;
        }
        for (;;) {
            ws(p);
            if (!string(p))
                return 0;
            ws(p);
            if (p->i >= p->n || p->s[p->i++] != ':')
                return 0;
            if (!value(p, depth + 1))
                return 0;
            ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == '}') {
                p->i++;
                return 1;
            }
            return 0;
        }
    }
    if (c == '[') {
        p->i++;
        ws(p);
        if (p->i < p->n && p->s[p->i] == ']') {
            p->i++;
            return 1;
        }
        for (;;) {
            if (!value(p, depth + 1))
                return 0;
            ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == ']') {
                p->i++;
                return 1;
            }
            return 0;
        }
    }
    if (c == '"')
        return string(p);
    if (c == 't')
        return literal(p, "true");
    if (c == 'f')
        return literal(p, "false");
    if (c == 'n')
        return literal(p, "null");
    return number(p);
}
static size_t json_objects(const char *s, size_t n) {
    jp p = {s, 0, n, 0};
    assert_true(value(&p, 0));
    ws(&p);
    assert_int_equal(p.i, n);
    return p.objects;
}

static attune_doc *parse_seed(size_t k, char **src, size_t *len) {
    const char *dir = test_require_corpus();
    char fn[512];
    snprintf(fn, sizeof fn, "seeds/%s.txt", test_seed_name(k));
    *src = test_read_file(test_path(dir, fn), len);
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(*src, *len, NULL, &doc, NULL), ATTUNE_OK);
    return doc;
}

static size_t count_kind(const attune_doc *doc, int32_t kind) {
    size_t n = 0;
    for (size_t i = 0; i < attune_doc_block_count(doc); i++)
        n += attune_block_kind(attune_doc_block(doc, i)) == kind;
    return n;
}

static void test_json(void **state) {
    (void)state;
    for (size_t k = 0; k < test_seed_count(); k++) {
        char *src;
        size_t len;
        attune_doc *doc = parse_seed(k, &src, &len);
        attune_render_options o;
        assert_int_equal(attune_render_options_init(&o), ATTUNE_OK);
        o.source = "seed \"quoted\"\n.txt";
        char *out;
        size_t n;
        assert_int_equal(attune_render_json(doc, &o, &out, &n, NULL), ATTUNE_OK);
        assert_int_equal(strlen(out), n);
        assert_null(memchr(out, '\n', n)); /* one line */
        /* the root object, one per block, one per personal-data item */
        size_t pii = 0;
        for (size_t i = 0; i < attune_doc_block_count(doc); i++)
            pii += attune_block_pii_count(attune_doc_block(doc, i));
        assert_int_equal(json_objects(out, n), attune_doc_block_count(doc) + pii);
        assert_non_null(strstr(out, "\"source\":\"seed \\\"quoted\\\"\\n.txt\""));
        const attune_block *t = attune_doc_title(doc);
        if (t) {
            const char *tt;
            size_t tl;
            attune_block_text(t, &tt, &tl);
            char want[512];
            snprintf(want, sizeof want, "\"title\":\"%s\"", tt);
            assert_non_null(strstr(out, want));
        } else {
            assert_non_null(strstr(out, "\"title\":null"));
        }
        attune_free(out);
        /* without boilerplate and texts */
        o.flags = ATTUNE_RENDER_NO_BOILERPLATE | ATTUNE_RENDER_NO_TEXT;
        assert_int_equal(attune_render_json(doc, &o, &out, &n, NULL), ATTUNE_OK);
        assert_null(strstr(out, "\"boilerplate\":\""));
        assert_null(strstr(out, "\"text\":"));
        size_t boiler_pii = 0;
        for (size_t i = 0; i < attune_doc_block_count(doc); i++) {
            const attune_block *b = attune_doc_block(doc, i);
            if (attune_block_kind(b) == ATTUNE_BLOCK_BOILERPLATE)
                boiler_pii += attune_block_pii_count(b);
        }
        assert_int_equal(json_objects(out, n), attune_doc_block_count(doc) -
                                                   count_kind(doc, ATTUNE_BLOCK_BOILERPLATE) + pii -
                                                   boiler_pii);
        attune_free(out);
        attune_doc_free(doc);
        free(src);
    }
}

static void test_outline(void **state) {
    (void)state;
    for (size_t k = 0; k < test_seed_count(); k++) {
        char *src;
        size_t len;
        attune_doc *doc = parse_seed(k, &src, &len);
        char *out;
        size_t n, lines = 0;
        assert_int_equal(attune_render_outline(doc, NULL, &out, &n, NULL), ATTUNE_OK);
        for (size_t i = 0; i < n; i++)
            lines += out[i] == '\n';
        assert_int_equal(lines, attune_doc_block_count(doc) - 1);
        /* each block's line shows its kind at its depth */
        const char *p = out;
        for (size_t i = 1; i < attune_doc_block_count(doc); i++) {
            const attune_block *b = attune_doc_block(doc, i);
            size_t depth = 0;
            for (const attune_block *q = attune_block_parent(b); attune_block_parent(q);
                 q = attune_block_parent(q))
                depth++;
            for (size_t d = 0; d < depth * 2; d++)
                assert_int_equal(p[d], ' ');
            const char *name = attune_block_kind_name(attune_block_kind(b));
            assert_memory_equal(p + depth * 2, name, strlen(name));
            p = strchr(p, '\n') + 1;
        }
        attune_free(out);
        attune_render_options o;
        attune_render_options_init(&o);
        o.flags = ATTUNE_RENDER_NO_BOILERPLATE;
        assert_int_equal(attune_render_outline(doc, &o, &out, &n, NULL), ATTUNE_OK);
        assert_null(strstr(out, "boilerplate"));
        attune_free(out);
        attune_doc_free(doc);
        free(src);
    }
}

/* Gold lines: content lines are chunks of the main text, boilerplate lines
 * are not. */
static void test_main_text(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    size_t content = 0, boiler = 0;
    for (size_t k = 0; k < test_seed_count(); k++) {
        char *src;
        size_t len;
        attune_doc *doc = parse_seed(k, &src, &len);
        char *text;
        size_t tn;
        assert_int_equal(attune_render_text(doc, NULL, &text, &tn, NULL), ATTUNE_OK);
        char fn[512];
        snprintf(fn, sizeof fn, "seeds/%s.gold.tsv", test_seed_name(k));
        char *gold = test_read_file(test_path(dir, fn), NULL);
        char *save = NULL;
        strtok_r(gold, "\n", &save); /* header */
        for (char *ln = strtok_r(NULL, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
            size_t line = (size_t)strtoul(ln, NULL, 10);
            const char *role = strchr(ln, '\t') + 1;
            /* the block of that line: its text, as a chunk of the main text */
            const attune_block *b = NULL;
            for (size_t i = 1; i < attune_doc_block_count(doc); i++) {
                const attune_block *c = attune_doc_block(doc, i);
                size_t a, z;
                attune_block_lines(c, &a, &z);
                if (!attune_block_first_child(c) && a <= line && line <= z)
                    b = c;
            }
            assert_non_null(b);
            const char *t;
            size_t tl;
            attune_block_text(b, &t, &tl);
            char *chunk = malloc(tl + 3);
            assert_non_null(chunk);
            memcpy(chunk, t, tl);
            memcpy(chunk + tl, "\n\n", 3);
            int whole = (tl + 2 <= tn && memcmp(text, chunk, tl + 2) == 0);
            char *with_nl = malloc(tl + 5);
            assert_non_null(with_nl);
            with_nl[0] = '\n';
            with_nl[1] = '\n';
            memcpy(with_nl + 2, chunk, tl + 3);
            int found = whole || strstr(text, with_nl) != NULL;
            if (strncmp(role, "boilerplate:duplicate", 21) == 0) {
                /* the same text as the title, which is in the main text once */
                assert_true(found);
                const char *again = strstr(text, chunk);
                assert_non_null(again);
                assert_null(strstr(again + 1, with_nl));
            } else if (strncmp(role, "boilerplate", 11) == 0 || strncmp(role, "summary", 7) == 0) {
                assert_false(found);
                boiler++;
            } else if (!strstr(ln, "spam:")) {
                assert_true(found);
                content++;
            }
            free(chunk);
            free(with_nl);
        }
        free(gold);
        attune_free(text);
        attune_doc_free(doc);
        free(src);
    }
    printf("content lines in the main text: %zu; boilerplate lines kept out: %zu\n", content,
           boiler);
    assert_true(content > 100 && boiler > 40);
}

static void test_arguments(void **state) {
    (void)state;
    char *out = (char *)&out;
    size_t n = 7;
    attune_error err;
    assert_int_equal(attune_render_json(NULL, NULL, &out, &n, &err), ATTUNE_EINVAL);
    assert_null(out);
    assert_int_equal(n, 0);
    assert_int_equal(attune_render_options_init(NULL), ATTUNE_EINVAL);
    attune_doc *doc;
    assert_int_equal(attune_doc_parse("Hello", 5, NULL, &doc, NULL), ATTUNE_OK);
    attune_render_options o;
    attune_render_options_init(&o);
    o.size = 2;
    assert_int_equal(attune_render_outline(doc, &o, &out, &n, &err), ATTUNE_EINVAL);
    assert_int_equal(err.code, ATTUNE_EINVAL);
    assert_int_equal(attune_render_text(doc, NULL, NULL, &n, NULL), ATTUNE_EINVAL);
    assert_int_equal(attune_render_text(doc, NULL, &out, &n, NULL), ATTUNE_OK);
    assert_string_equal(out, "Hello\n\n");
    attune_free(out);
    attune_doc_free(doc);
}

/* Personal data inside a paragraph becomes its type in brackets in the
 * main text, so that the sentence still reads; none of it is left. */
static void test_pii_placeholders(void **state) {
    (void)state;
    static const char page[] =
        "A title for the page\n\nMy counselor said I could call her at 555-123-4567 or write "
        "to jane.doe@example.org any time, which helped a lot when I felt anxious about the "
        "sessions and the work.\n";
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(page, sizeof page - 1, NULL, &doc, NULL), ATTUNE_OK);
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(attune_render_text(doc, NULL, &out, &n, NULL), ATTUNE_OK);
    assert_non_null(strstr(out, "call her at [phone] or write to [email] any time,"));
    assert_null(strstr(out, "555"));
    assert_null(strstr(out, "example.org"));
    attune_free(out);
    attune_doc_free(doc);
    /* a birth date in running text, by the words before it */
    static const char born[] =
        "A title for the page\n\nHe was born 04/12/1985 in a small town, and his sister, born "
        "on 1988-02-03, moved away in 2004 when she finished school and found work.\n";
    assert_int_equal(attune_doc_parse(born, sizeof born - 1, NULL, &doc, NULL), ATTUNE_OK);
    assert_int_equal(attune_render_text(doc, NULL, &out, &n, NULL), ATTUNE_OK);
    assert_non_null(strstr(out, "He was born [birthdate] in a small town"));
    assert_non_null(strstr(out, "born on [birthdate], moved away in 2004 when"));
    attune_free(out);
    attune_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_outline),
        cmocka_unit_test(test_main_text),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_pii_placeholders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
