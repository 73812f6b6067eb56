/* The classifier's fast paths give exactly the results of the
 * straightforward ones:
 * - the form table, the prefix filter, the match index, the per-thread
 *   stem cache kept across calls and the scan loop that settles tokens
 *   outside the phrase window against the path that stems every token and
 *   walks every entry: on the seeds (parsed and as plain text), on every
 *   CounselChat line, on multibyte variants and adversarial pages, with the
 *   cache cold, warm, and warm from another model;
 * - presence, ranking and document scores, decided from the scores'
 *   logits, against the scores as read;
 * - the tokenizer's ASCII fast path (attune__next_token) and the scan's
 *   16-byte reader (attune__next_token_wide) against the general tokenizer
 *   (attune__next_token_general): same tokens, spans, boundaries and
 *   folded forms, on the same texts and on random mixes of the characters
 *   that take the slow paths, with small fold buffers. */
#include "support.h"

#include "adversarial.h"
#include "model/tokenize_ascii.h"
#include "themes/themes_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fails unless presence and ranking follow the scores as read (the result
 * decides them from the scores' logits, computing a score only near a
 * threshold or a tie): a theme is present exactly when its score is at
 * least the threshold; each unit ranks its present themes by score, highest
 * first, equal scores in theme order; the document of a page with sections
 * has the highest of their scores and the themes some section has; the
 * document's span is that of its blocks' words (spans are mapped to source
 * offsets when read). */
static void assert_consistent(const attune_result *r) {
    const attune_model *m = attune_result_model(r);
    size_t units = attune_result_unit_count(r), themes = attune_result_theme_count(r);
    size_t sections = attune_result_section_count(r);
    bool doc_of_sections =
        sections > 0 && units > sections && attune_result_unit_kind(r, 0) == ATTUNE_UNIT_DOCUMENT;
    for (size_t u = 0; u < units; u++) {
        size_t npresent = 0;
        for (size_t t = 0; t < themes; t++) {
            double sc, thr;
            int32_t p;
            assert_int_equal(attune_result_theme(r, u, t, &sc, &p), ATTUNE_OK);
            assert_int_equal(attune_model_theme_threshold(m, t, &thr), ATTUNE_OK);
            if (u > 0 || !doc_of_sections)
                assert_int_equal(p, sc >= thr);
            npresent += (size_t)p;
        }
        assert_int_equal(attune_result_present_count(r, u), npresent);
        for (size_t i = 1; i < npresent; i++) {
            size_t t0, t1;
            double s0, s1;
            assert_int_equal(attune_result_present_theme(r, u, i - 1, &t0), ATTUNE_OK);
            assert_int_equal(attune_result_present_theme(r, u, i, &t1), ATTUNE_OK);
            attune_result_theme(r, u, t0, &s0, NULL);
            attune_result_theme(r, u, t1, &s1, NULL);
            assert_true(s0 > s1 || (s0 == s1 && t0 < t1));
        }
    }
    /* the document's span covers exactly its blocks' words */
    if (units > 0 && attune_result_unit_kind(r, 0) == ATTUNE_UNIT_DOCUMENT) {
        size_t lo = SIZE_MAX, hi = 0, a, b;
        for (size_t u = 1; u < units; u++) {
            if (attune_result_unit_kind(r, u) != ATTUNE_UNIT_BLOCK ||
                attune_result_unit_words(r, u) == 0)
                continue;
            assert_int_equal(attune_result_unit_span(r, u, &a, &b), ATTUNE_OK);
            lo = a < lo ? a : lo;
            hi = b > hi ? b : hi;
        }
        assert_int_equal(attune_result_unit_span(r, 0, &a, &b), ATTUNE_OK);
        assert_int_equal(a, lo == SIZE_MAX ? 0 : lo);
        assert_int_equal(b, hi);
    }
    if (!doc_of_sections)
        return;
    for (size_t t = 0; t < themes; t++) {
        double best = 0.0, sc;
        int32_t any = 0, p;
        for (size_t u = 1; u <= sections; u++) {
            assert_int_equal(attune_result_unit_kind(r, u), ATTUNE_UNIT_SECTION);
            attune_result_theme(r, u, t, &sc, &p);
            if (sc > best)
                best = sc;
            any |= p;
        }
        attune_result_theme(r, 0, t, &sc, &p);
        assert_true(memcmp(&sc, &best, sizeof sc) == 0);
        assert_int_equal(p, any);
    }
}

/* Fails unless a and b agree on every unit, score, presence and evidence
 * span, and each is consistent (assert_consistent). Returns the number of
 * evidence spans compared. */
static size_t assert_same(const attune_result *a, const attune_result *b) {
    size_t units = attune_result_unit_count(a), themes = attune_result_theme_count(a);
    size_t spans = 0;
    assert_consistent(a);
    assert_consistent(b);
    assert_int_equal(units, attune_result_unit_count(b));
    assert_int_equal(themes, attune_result_theme_count(b));
    for (size_t u = 0; u < units; u++) {
        size_t s0, e0, s1, e1;
        assert_int_equal(attune_result_unit_span(a, u, &s0, &e0), ATTUNE_OK);
        assert_int_equal(attune_result_unit_span(b, u, &s1, &e1), ATTUNE_OK);
        assert_int_equal(s0, s1);
        assert_int_equal(e0, e1);
        assert_int_equal(attune_result_unit_words(a, u), attune_result_unit_words(b, u));
        for (size_t t = 0; t < themes; t++) {
            double sa, sb;
            int32_t pa, pb;
            assert_int_equal(attune_result_theme(a, u, t, &sa, &pa), ATTUNE_OK);
            assert_int_equal(attune_result_theme(b, u, t, &sb, &pb), ATTUNE_OK);
            assert_true(memcmp(&sa, &sb, sizeof sa) == 0);
            assert_int_equal(pa, pb);
            size_t n = attune_result_evidence_count(a, u, t);
            assert_int_equal(n, attune_result_evidence_count(b, u, t));
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(attune_result_evidence(a, u, t, i, &s0, &e0), ATTUNE_OK);
                assert_int_equal(attune_result_evidence(b, u, t, i, &s1, &e1), ATTUNE_OK);
                assert_int_equal(s0, s1);
                assert_int_equal(e0, e1);
                spans++;
            }
        }
    }
    return spans;
}

static attune_result *classify_doc(const attune_model *m, const attune_doc *doc, bool plain) {
    attune__scan_set_plain(plain);
    attune_result *r = NULL;
    assert_int_equal(attune_classify(m, doc, NULL, &r, NULL), ATTUNE_OK);
    attune__scan_set_plain(false);
    return r;
}

static attune_result *classify_text(const attune_model *m, const char *s, size_t n, bool plain) {
    attune__scan_set_plain(plain);
    attune_result *r = NULL;
    assert_int_equal(attune_classify_text(m, s, n, NULL, &r, NULL), ATTUNE_OK);
    attune__scan_set_plain(false);
    return r;
}

/* A second model (the default one's text, loaded again) so that the cache
 * changes hands between models. */
static attune_model *load_copy(void) {
    attune_model *m = NULL;
    assert_int_equal(attune_model_load_buffer((const char *)attune__default_model,
                                              attune__default_model_len, &m, NULL),
                     ATTUNE_OK);
    return m;
}

static void test_seeds_fast_equals_plain(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    const attune_model *def = attune_model_default();
    attune_model *other = load_copy();
    size_t spans = 0;
    for (size_t i = 0; i < test_seed_count(); i++) {
        size_t len;
        char *text = test_read_seed(dir, i, &len);
        attune_doc *doc = NULL;
        assert_int_equal(attune_doc_parse(text, len, NULL, &doc, NULL), ATTUNE_OK);
        attune_result *plain = classify_doc(def, doc, true);
        /* cold (the other model held the cache), then warm, then as text */
        attune_result *other_r = classify_doc(other, doc, false);
        attune_result *cold = classify_doc(def, doc, false);
        attune_result *warm = classify_doc(def, doc, false);
        spans += assert_same(plain, cold);
        assert_same(plain, warm);
        assert_same(plain, other_r);
        attune_result *tp = classify_text(def, text, len, true);
        attune_result *tf = classify_text(def, text, len, false);
        spans += assert_same(tp, tf);
        attune_result_free(plain);
        attune_result_free(other_r);
        attune_result_free(cold);
        attune_result_free(warm);
        attune_result_free(tp);
        attune_result_free(tf);
        attune_doc_free(doc);
        free(text);
    }
    printf("seeds: %zu evidence spans identical on both paths\n", spans);
    assert_true(spans > 50);
    attune_model_free(other);
}

static void test_counselchat_fast_equals_plain(void **state) {
    (void)state;
    test_require_corpus();
    size_t len;
    char *all = test_read_file(test_path(test_data_dir(), "counselchat/dev.fasttext"), &len);
    const attune_model *def = attune_model_default();
    attune_model *other = load_copy();
    size_t lines = 0, spans = 0, present = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(all + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - all) : len;
        const char *s = all + pos;
        size_t n = end - pos;
        /* every 7th line goes through the other model first */
        const attune_model *m = lines % 7 == 3 ? other : def;
        attune_result *fast = classify_text(m, s, n, false);
        attune_result *plain = classify_text(m, s, n, true);
        spans += assert_same(plain, fast);
        present += attune_result_present_count(fast, 0);
        attune_result_free(fast);
        attune_result_free(plain);
        lines++;
        pos = end + 1;
    }
    printf("counselchat: %zu lines, %zu present themes, %zu evidence spans identical\n", lines,
           present, spans);
    assert_true(lines > 100);
    assert_true(spans > 1000);
    attune_model_free(other);
    free(all);
}

/* Fails unless the tokenizers read the same tokens from s[0..n) with a
 * fold buffer of fold_cap bytes, starting at `from`: attune__next_token
 * and the 16-byte reader of the scan (attune__next_token_wide_test) as
 * the general one. The text is copied to the end of a buffer of its own, so
 * that a read past its end would be one past the allocation (ASan).
 * Returns the count. */
static size_t same_tokens_from(const char *text, size_t n, size_t from, size_t fold_cap) {
    char fa[80], fb[80], fc[80];
    size_t pa = from, pb = from, pc = from, count = 0;
    assert_true(fold_cap <= sizeof fa);
    char *s = malloc(n ? n : 1);
    assert_non_null(s);
    memcpy(s, text, n);
    for (;;) {
        attune__token ta, tb, tc;
        bool ra = attune__next_token(s, n, &pa, &ta, fa, fold_cap);
        bool rb = attune__next_token_general(s, n, &pb, &tb, fb, fold_cap);
        bool rc = attune__next_token_wide_test(s, n, &pc, &tc, fc, fold_cap);
        assert_int_equal(ra, rb);
        assert_int_equal(rc, rb);
        assert_int_equal(pa, pb);
        assert_int_equal(pc, pb);
        if (!ra)
            break;
        assert_int_equal(ta.start, tb.start);
        assert_int_equal(ta.end, tb.end);
        assert_int_equal(ta.boundary, tb.boundary);
        assert_int_equal(ta.folded_len, tb.folded_len);
        assert_memory_equal(fa, fb, ta.folded_len);
        assert_int_equal(tc.start, tb.start);
        assert_int_equal(tc.end, tb.end);
        assert_int_equal(tc.boundary, tb.boundary);
        assert_int_equal(tc.folded_len, tb.folded_len);
        assert_memory_equal(fc, fb, tc.folded_len);
        count++;
    }
    free(s);
    return count;
}

static size_t same_tokens(const char *s, size_t n) {
    return same_tokens_from(s, n, 0, ATTUNE__MAX_STEM + 1);
}

/* Pieces that take every path of the tokenizers: ASCII words of every
 * length around 8 and 16, digits, every ASCII punctuation class, blank
 * lines, apostrophes (ASCII and typographic, inside and at the ends of
 * words), accented, Greek, CJK and fullwidth letters, ligatures, soft
 * hyphens and zero-width joiners inside words, line and paragraph
 * separators, an ellipsis, bytes that are not UTF-8, high-bit bytes. */
static const char *const pieces[] = {
    "a",
    "be",
    "Therapy",
    "therapist",
    "THERAPISTS",
    "confidentiality",
    "counselingsessions",
    "Unconditionally",
    "x1",
    "2024",
    "A1b2C3d4E5",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    ".",
    "!",
    "?",
    ";",
    ":",
    ",",
    "-",
    "/",
    "(",
    ")",
    "@",
    "[",
    "`",
    "{",
    "~",
    "\x7f",
    "'",
    "'s",
    "don't",
    "o'",
    "\xe2\x80\x99",
    "client\xe2\x80\x99s",
    "\xca\xbc",
    "\xef\xbc\x87",
    "caf\xc3\xa9",
    "CAF\xc3\x89",
    "na\xc3\xafve",
    "\xc3\x9f",
    "\xce\xa3\xcf\x8d",
    "\xe5\xbf\x83",
    "\xef\xbc\xa1\xef\xbd\x82",
    "\xef\xac\x81x",
    "thera\xc2\xadpy",
    "em\xe2\x80\x8dpathy",
    "\xc2\xad",
    "\xe2\x80\xa8",
    "\xe2\x80\xa9",
    "\xe2\x80\xa6",
    "\xe3\x80\x82",
    "\xff",
    "\xc3",
    "\xe2\x80",
    "\x80\x61\x62\x63",
    "\xc0\xaf",
    "\xed\xa0\x80",
    "\xf0\x9f\x98\x80",
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789xyz"};

static void test_tokenizer_fast_equals_general(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    size_t total = 0;
    /* the seeds, each from its start, from every offset of its first
     * kilobyte, and with small fold buffers */
    for (size_t i = 0; i < test_seed_count(); i++) {
        size_t len;
        char *text = test_read_seed(dir, i, &len);
        total += same_tokens(text, len);
        for (size_t from = 0; from < len && from < 1024; from++)
            same_tokens_from(text, len < 1200 ? len : 1200, from, ATTUNE__MAX_STEM + 1);
        static const size_t caps[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 64, 80};
        for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++)
            same_tokens_from(text, len, 0, caps[c]);
        free(text);
    }
    /* CounselChat, all of it as one text */
    size_t len;
    char *all = test_read_file(test_path(test_data_dir(), "counselchat/dev.fasttext"), &len);
    total += same_tokens(all, len);
    free(all);
    /* the adversarial pages */
    for (int shape = 0; shape < ADV_COUNT; shape++) {
        char *page = adv_make(shape, 20000);
        assert_non_null(page);
        total += same_tokens(page, 20000);
        free(page);
    }
    /* random mixes of the pieces, every length up to a few hundred bytes,
     * cut at every end */
    uint64_t rng = 42;
    char buf[512];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0, want = (size_t)(test_rand(&rng) % 300);
        while (n < want) {
            const char *p = pieces[test_rand(&rng) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (n + pl > sizeof buf)
                break;
            memcpy(buf + n, p, pl);
            n += pl;
        }
        size_t cut = n ? (size_t)(test_rand(&rng) % (n + 1)) : 0;
        total += same_tokens(buf, n);
        same_tokens(buf, cut);
        same_tokens_from(buf, n, cut, (size_t)(test_rand(&rng) % 20));
    }
    printf("tokenizer: %zu tokens identical on both paths\n", total);
    assert_true(total > 100000);
}

/* A text like `src` with letters swapped for multibyte ones and typographic
 * apostrophes and joiners put in (malloc'd). */
static char *multibyte_variant(const char *src, size_t len, size_t *out_len) {
    static const char *const swap[] = {"\xc3\xa9",     "\xc3\x89",     "\xc3\x9f",
                                       "\xce\xa3",     "\xe2\x80\x99", "\xc2\xad",
                                       "\xe5\xbf\x83", "\xef\xac\x81", "\xe2\x80\xa6"};
    char *out = malloc(len * 4 + 1);
    assert_non_null(out);
    size_t n = 0;
    uint64_t rng = 7;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)src[i] < 0x80 && test_rand(&rng) % 23 == 0) {
            const char *w = swap[test_rand(&rng) % (sizeof swap / sizeof swap[0])];
            memcpy(out + n, w, strlen(w));
            n += strlen(w);
            if (test_rand(&rng) % 2)
                continue; /* replaced, else inserted */
        }
        out[n++] = src[i];
    }
    *out_len = n;
    return out;
}

static void test_multibyte_and_adversarial_fast_equals_plain(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    const attune_model *def = attune_model_default();
    size_t spans = 0;
    for (size_t i = 0; i < test_seed_count(); i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        size_t len, ml;
        char *text = test_read_file(test_path(dir, name), &len);
        char *mb = multibyte_variant(text, len, &ml);
        assert_int_equal(same_tokens(mb, ml) > 100, 1);
        attune_result *tp = classify_text(def, mb, ml, true);
        attune_result *tf = classify_text(def, mb, ml, false);
        spans += assert_same(tp, tf);
        attune_doc *doc = NULL;
        assert_int_equal(attune_doc_parse(mb, ml, NULL, &doc, NULL), ATTUNE_OK);
        attune_result *dp = classify_doc(def, doc, true);
        attune_result *df = classify_doc(def, doc, false);
        spans += assert_same(dp, df);
        attune_result_free(tp);
        attune_result_free(tf);
        attune_result_free(dp);
        attune_result_free(df);
        attune_doc_free(doc);
        free(mb);
        free(text);
    }
    for (int shape = 0; shape < ADV_COUNT; shape++) {
        char *page = adv_make(shape, 30000);
        assert_non_null(page);
        attune_result *tp = classify_text(def, page, 30000, true);
        attune_result *tf = classify_text(def, page, 30000, false);
        spans += assert_same(tp, tf);
        attune_doc *doc = NULL;
        assert_int_equal(attune_doc_parse(page, 30000, NULL, &doc, NULL), ATTUNE_OK);
        attune_result *dp = classify_doc(def, doc, true);
        attune_result *df = classify_doc(def, doc, false);
        spans += assert_same(dp, df);
        attune_result_free(tp);
        attune_result_free(tf);
        attune_result_free(dp);
        attune_result_free(df);
        attune_doc_free(doc);
        free(page);
    }
    printf("multibyte and adversarial: %zu evidence spans identical on both paths\n", spans);
    assert_true(spans > 100);
}

/* A model of more labels than a block's ranking keeps on the stack (the
 * result then finds the i-th present theme by counting the ones ahead of
 * it): 80 labels over 16 common words of the seeds, five labels a word,
 * with weights that tie by threes; on the seeds, presence and ranking of
 * every unit must still follow the scores. */
static void test_many_labels_rank_by_score(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    static const char *const words[] = {"therapy",      "client",  "trust",      "feel",
                                        "relationship", "empathy", "listen",     "session",
                                        "change",       "support", "understand", "emotion",
                                        "safe",         "work",    "people",     "help"};
    char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, "attune-model 1\n");
    for (int i = 0; i < 80; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "label t%d threshold=0.3\n", i);
    for (int i = 0; i < 80; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "phrase t%d=%.1f : %s\n", i,
                              0.5 + 0.5 * (i / 16 % 2), words[i % 16]);
    assert_true(n < sizeof text);
    attune_model *m = NULL;
    assert_int_equal(attune_model_load_buffer(text, n, &m, NULL), ATTUNE_OK);
    assert_int_equal(attune_model_theme_count(m), 80);
    size_t ranked = 0;
    for (size_t i = 0; i < test_seed_count(); i++) {
        size_t len;
        char *page = test_read_seed(dir, i, &len);
        attune_doc *doc = NULL;
        assert_int_equal(attune_doc_parse(page, len, NULL, &doc, NULL), ATTUNE_OK);
        attune_result *r = NULL;
        assert_int_equal(attune_classify(m, doc, NULL, &r, NULL), ATTUNE_OK);
        assert_consistent(r);
        for (size_t u = 0; u < attune_result_unit_count(r); u++)
            if (attune_result_unit_kind(r, u) == ATTUNE_UNIT_BLOCK)
                ranked += attune_result_present_count(r, u);
        attune_result_free(r);
        attune_doc_free(doc);
        free(page);
    }
    printf("80 labels: %zu present themes of blocks ranked by score\n", ranked);
    assert_true(ranked > 100);
    attune_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds_fast_equals_plain),
        cmocka_unit_test(test_counselchat_fast_equals_plain),
        cmocka_unit_test(test_tokenizer_fast_equals_general),
        cmocka_unit_test(test_multibyte_and_adversarial_fast_equals_plain),
        cmocka_unit_test(test_many_labels_rank_by_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
