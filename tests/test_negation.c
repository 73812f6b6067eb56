/* Negation cues in model files: the entries that start within the model's
 * negation scope after a cue, in the same sentence, count nothing; phrases
 * that begin with a cue still match first; the cues and the scope survive
 * saving and loading; bad scopes are refused with the line's offset. The
 * main test checks attune against a straightforward reference on every
 * ASCII CounselChat answer. */
#include "support.h"

#include "model/model_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MODEL[] = "attune-model 1\n"
                            "label trust bias=-2\n"
                            "negation-scope 3\n"
                            "negation not\n"
                            "negation never\n"
                            "phrase trust=1 : trust\n";

static attune_model *load(const char *text) {
    attune_model *m = NULL;
    attune_error err;
    assert_int_equal(attune_model_load_buffer(text, strlen(text), &m, &err), ATTUNE_OK);
    return m;
}

/* Evidence of label 0 in text (one block). */
static size_t evidence(const attune_model *m, const char *text) {
    attune_result *r;
    assert_int_equal(attune_classify_text(m, text, strlen(text), NULL, &r, NULL), ATTUNE_OK);
    size_t n = attune_result_evidence_count(r, 0, 0);
    attune_result_free(r);
    return n;
}

static void test_scope_and_sentences(void **state) {
    (void)state;
    attune_model *m = load(MODEL);
    assert_int_equal(evidence(m, "I trust my therapist."), 1);
    assert_int_equal(evidence(m, "I do not trust my therapist."), 0);
    assert_int_equal(evidence(m, "I never really fully trusted her."), 0);
    /* four words after the cue: out of its scope */
    assert_int_equal(evidence(m, "It is not that I ever really trust anyone."), 1);
    /* a sentence end closes the scope */
    assert_int_equal(evidence(m, "I do not know. Trust comes slowly."), 1);
    assert_int_equal(evidence(m, "Not yet; trust comes slowly."), 1);
    attune_model_free(m);

    /* longest match first: a phrase that starts with a cue is not a cue */
    static const char with_phrase[] = "attune-model 1\n"
                                      "label trust bias=-2\n"
                                      "negation not\n"
                                      "phrase trust=1 : trust\n"
                                      "phrase trust=1 : not alone\n";
    m = load(with_phrase);
    assert_int_equal(evidence(m, "You are not alone, trust me."), 2);
    attune_model_free(m);

    /* scope 0: a cue covers nothing */
    static const char zero[] = "attune-model 1\n"
                               "label trust\n"
                               "negation-scope 0\n"
                               "negation not\n"
                               "phrase trust=1 : trust\n";
    m = load(zero);
    assert_int_equal(evidence(m, "I do not trust him."), 1);
    attune_model_free(m);
}

static void test_save_load(void **state) {
    (void)state;
    attune_model *m = load("attune-model 1\nlabel trust\nnegation-scope 2\n"
                           "negation lack of\nphrase trust=1 : trust\n");
    char *text;
    size_t len;
    assert_int_equal(attune_model_save_buffer(m, &text, &len, NULL), ATTUNE_OK);
    assert_non_null(strstr(text, "\nnegation-scope 2\n"));
    assert_non_null(strstr(text, "\nnegation-stems lack of\n"));
    attune_model *m2 = load(text);
    assert_int_equal(evidence(m2, "A lack of trust."), 0);
    assert_int_equal(evidence(m2, "A lack of anything like trust."), 1);
    char *text2;
    size_t len2;
    assert_int_equal(attune_model_save_buffer(m2, &text2, &len2, NULL), ATTUNE_OK);
    assert_int_equal(len, len2);
    assert_memory_equal(text, text2, len);
    attune_free(text);
    attune_free(text2);
    attune_model_free(m);
    attune_model_free(m2);
    /* models without cues save no negation lines */
    assert_int_equal(attune_model_save_buffer(attune_model_default(), &text, &len, NULL),
                     ATTUNE_OK);
    assert_null(strstr(text, "negation"));
    attune_free(text);
}

static void test_bad_scope(void **state) {
    (void)state;
    static const char *const bad[] = {"negation-scope 9",   "negation-scope -1",
                                      "negation-scope 1.5", "negation-scope",
                                      "negation",           "negation-scope 2 3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "attune-model 1\nlabel a\n%s\n", bad[i]);
        attune_model *m = NULL;
        attune_error err;
        assert_int_equal(attune_model_load_buffer(text, strlen(text), &m, &err), ATTUNE_EMODEL);
        assert_null(m);
        assert_int_equal(err.offset, strlen("attune-model 1\nlabel a\n"));
    }
}

/* ---- reference: ASCII words, sentence punctuation, stems ---- */

static int is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Occurrences of the stem "trust" not within 3 words after "not"/"never" in
 * the same sentence. */
static size_t reference(struct sb_stemmer *st, const char *s, size_t n) {
    size_t count = 0, i = 0;
    unsigned scope = 0;
    char low[128];
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (!is_word(c)) {
            if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
                scope = 0;
            i++;
            continue;
        }
        size_t b = i;
        while (i < n && (is_word((unsigned char)s[i]) ||
                         (s[i] == '\'' && i > b && is_letter((unsigned char)s[i - 1]) &&
                          i + 1 < n && is_letter((unsigned char)s[i + 1]))))
            i++;
        size_t len = i - b < sizeof low ? i - b : sizeof low - 1;
        for (size_t k = 0; k < len; k++)
            low[k] = (char)((s[b + k] >= 'A' && s[b + k] <= 'Z') ? s[b + k] + 32 : s[b + k]);
        size_t sl;
        const char *stem = attune__stem(st, low, len, &sl);
        assert_non_null(stem);
        int is_cue =
            (sl == 3 && memcmp(stem, "not", 3) == 0) || (sl == 5 && memcmp(stem, "never", 5) == 0);
        int is_trust = sl == 5 && memcmp(stem, "trust", 5) == 0;
        if (is_trust && scope == 0)
            count++;
        scope = is_cue ? 3 : (scope ? scope - 1 : 0);
    }
    return count;
}

static void test_counselchat_reference(void **state) {
    (void)state;
    test_require_corpus();
    size_t len;
    char *data = test_read_file(test_path(test_data_dir(), "counselchat/dev.fasttext"), &len);
    attune_model *m = load(MODEL);
    struct sb_stemmer *st = attune__stemmer_new();
    assert_non_null(st);
    size_t lines = 0, negated_lines = 0, total = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *s = data + pos;
        size_t n = end - pos;
        int ascii = 1;
        for (size_t k = 0; k < n; k++)
            if ((unsigned char)s[k] >= 0x80 || s[k] == '\r')
                ascii = 0;
        pos = end + 1;
        if (!ascii)
            continue;
        attune_result *r;
        assert_int_equal(attune_classify_text(m, s, n, NULL, &r, NULL), ATTUNE_OK);
        size_t got = attune_result_evidence_count(r, 0, 0);
        attune_result_free(r);
        size_t want = reference(st, s, n);
        if (got != want)
            fail_msg("line at byte %zu: attune %zu evidence spans, reference %zu",
                     (size_t)(s - data), got, want);
        lines++;
        total += got;
        /* lines where a cue removed something */
        char *copy = malloc(n + 1);
        assert_non_null(copy);
        memcpy(copy, s, n);
        for (size_t k = 0; k + 3 <= n; k++)
            if (memcmp(copy + k, "not", 3) == 0 || memcmp(copy + k, "Not", 3) == 0)
                memcpy(copy + k, "xyz", 3);
        for (size_t k = 0; k + 5 <= n; k++)
            if (memcmp(copy + k, "never", 5) == 0 || memcmp(copy + k, "Never", 5) == 0)
                memcpy(copy + k, "xyzzy", 5);
        assert_int_equal(attune_classify_text(m, copy, n, NULL, &r, NULL), ATTUNE_OK);
        negated_lines += attune_result_evidence_count(r, 0, 0) > got;
        attune_result_free(r);
        free(copy);
    }
    printf("counselchat: %zu ASCII answers, %zu 'trust' matches as the reference counts; "
           "cues removed matches in %zu answers\n",
           lines, total, negated_lines);
    assert_true(lines > 500);
    assert_true(negated_lines > 0);
    attune__stemmer_free(st);
    attune_model_free(m);
    free(data);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scope_and_sentences),
        cmocka_unit_test(test_save_load),
        cmocka_unit_test(test_bad_scope),
        cmocka_unit_test(test_counselchat_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
