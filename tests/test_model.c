#define _POSIX_C_SOURCE 200809L
/* Models: the default model against the taxonomy, the text format (load,
 * save, checksum, errors with offsets), the builder, the stem prefix filter,
 * and allocation failures. */
#include "support.h"
#include "model/model_internal.h"

#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The 15 theme ids of ../shared/spec/themes.tsv, read at test time. */
static size_t read_theme_ids(char ids[32][64]) {
    const char *data = test_data_dir();
    assert_non_null(data);
    char path[4096];
    snprintf(path, sizeof path, "%s/../spec/themes.tsv", data);
    size_t len;
    char *tsv = test_read_file(path, &len);
    size_t n = 0;
    char *save = NULL;
    for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "id\t", 3) == 0)
            continue;
        assert_true(n < 32);
        snprintf(ids[n++], 64, "%.*s", (int)(tab - line), line);
    }
    free(tsv);
    return n;
}

static void test_default_matches_taxonomy(void **state) {
    (void)state;
    test_require_corpus();
    const attune_model *m = attune_model_default();
    assert_non_null(m);
    assert_ptr_equal(m, attune_model_default());
    char ids[32][64];
    size_t n = read_theme_ids(ids);
    assert_int_equal(n, 15);
    assert_int_equal(attune_model_theme_count(m), 15);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(attune_model_theme_id(m, i), ids[i]);
        assert_int_equal(attune_model_theme_index(m, ids[i], strlen(ids[i])), (int32_t)i);
        assert_true(strlen(attune_model_theme_name(m, i)) > 3);
        assert_true(strlen(attune_model_theme_description(m, i)) > 20);
        double t, b;
        assert_int_equal(attune_model_theme_threshold(m, i, &t), 0);
        assert_int_equal(attune_model_theme_bias(m, i, &b), 0);
        assert_true(t > 0.0 && t < 1.0);
    }
    assert_null(attune_model_theme_id(m, 15));
    assert_int_equal(attune_model_theme_index(m, "nope", 4), -1);
    /* the id is (ptr, len): a NUL inside it is part of the id, and nothing
     * past a label's own id is read (this used to compare with strncmp and
     * then read label[len]) */
    {
        char padded[256];
        memset(padded, 'x', sizeof padded);
        memcpy(padded, ids[0], strlen(ids[0]) + 1);
        assert_int_equal(attune_model_theme_index(m, padded, sizeof padded), -1);
        assert_int_equal(attune_model_theme_index(m, padded, strlen(ids[0]) + 1), -1);
        assert_int_equal(attune_model_theme_index(m, padded, strlen(ids[0])), 0);
    }
    assert_true(attune_model_entry_count(m) > 500);
    /* freeing the shared default is a no-op */
    attune_model_free((attune_model *)m);
    assert_int_equal(attune_model_theme_count(attune_model_default()), 15);
    attune_model_free(NULL);
}

static int32_t entry_weight(const attune_model *m, const char *stems, const char *label,
                            double *w) {
    uint32_t ids[ATTUNE__MAX_PHRASE], n = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", stems);
    char *save = NULL;
    for (char *s = strtok_r(buf, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
        int32_t id = attune__model_stem_id(m, s, strlen(s));
        if (id < 0)
            return -1;
        ids[n++] = (uint32_t)id;
    }
    int32_t l = attune_model_theme_index(m, label, strlen(label));
    for (uint32_t e = 0; e < m->nentries; e++) {
        const attune__entry *en = &m->entries[e];
        if (en->len != n || memcmp(m->tok + en->first, ids, n * sizeof *ids) != 0)
            continue;
        *w = 0;
        for (uint32_t k = 0; k < en->wcount; k++)
            if ((int32_t)m->w[en->wfirst + k].label == l)
                *w = m->w[en->wfirst + k].weight;
        return 0;
    }
    return -1;
}

static void test_phrases_are_stemmed(void **state) {
    (void)state;
    const attune_model *m = attune_model_default();
    double w;
    /* "non-judgmental", "nonjudgmental", "without judgment" are safety
     * entries; "judgment" alone is not one */
    assert_int_equal(entry_weight(m, "non judgment", "safety", &w), 0);
    assert_true(w > 0);
    assert_int_equal(entry_weight(m, "nonjudgment", "safety", &w), 0);
    assert_true(w > 0);
    assert_int_equal(entry_weight(m, "without judgment", "safety", &w), 0);
    assert_true(w > 0);
    assert_int_equal(entry_weight(m, "judgment", "safety", &w), -1);
    /* validate/validation share one stem */
    assert_int_equal(entry_weight(m, "valid", "validation", &w), 0);
    assert_true(w > 0);
}

static void test_roundtrip(void **state) {
    (void)state;
    const attune_model *m = attune_model_default();
    char *text;
    size_t len;
    assert_int_equal(attune_model_save_buffer(m, &text, &len, NULL), 0);
    assert_int_equal(strlen(text), len);
    assert_true(strncmp(text, "attune-model 1\n", 15) == 0);
    attune_model *m2;
    attune_error err;
    assert_int_equal(attune_model_load_buffer(text, len, &m2, &err), 0);
    assert_int_equal(attune_model_theme_count(m2), 15);
    assert_int_equal(attune_model_entry_count(m2), attune_model_entry_count(m));
    char *text2;
    size_t len2;
    assert_int_equal(attune_model_save_buffer(m2, &text2, &len2, NULL), 0);
    assert_int_equal(len, len2);
    assert_memory_equal(text, text2, len);
    /* through a file */
    char path[] = "/tmp/attune_model_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(attune_model_save(m2, path, NULL), 0);
    attune_model *m3;
    assert_int_equal(attune_model_load(path, &m3, NULL), 0);
    assert_int_equal(attune_model_entry_count(m3), attune_model_entry_count(m));
    remove(path);
    attune_model_free(m3);
    assert_int_equal(attune_model_load("/nonexistent/x.model", &m3, &err), ATTUNE_EIO);
    assert_null(m3);
    /* a corrupted byte is caught by the checksum */
    char *bad = malloc(len);
    memcpy(bad, text, len);
    char *p = strstr(bad, "label trust bias=");
    assert_non_null(p);
    p[17] = p[17] == '1' ? '2' : '1';
    attune_model *m4 = (attune_model *)1;
    assert_int_equal(attune_model_load_buffer(bad, len, &m4, &err), ATTUNE_EMODEL);
    assert_null(m4);
    assert_int_equal(err.code, ATTUNE_EMODEL);
    assert_non_null(strstr(err.message, "checksum"));
    /* truncation: every prefix either loads (before the checksum line it is
     * an editable model without checksum) or fails cleanly */
    for (size_t cut = 0; cut < len; cut += 997) {
        attune_model *mt = NULL;
        int32_t rc = attune_model_load_buffer(text, cut, &mt, NULL);
        assert_true(rc == 0 || rc == ATTUNE_EMODEL);
        attune_model_free(mt);
    }
    free(bad);
    attune_free(text);
    attune_free(text2);
    attune_model_free(m2);
}

static void test_errors_have_offsets(void **state) {
    (void)state;
    attune_model *m = (attune_model *)1;
    attune_error err;
    const char *foreign = "PK\x03\x04 not a model";
    assert_int_equal(attune_model_load_buffer(foreign, strlen(foreign), &m, &err), ATTUNE_EMODEL);
    assert_null(m);
    assert_int_equal(err.offset, 0);
    const char *t1 = "attune-model 1\nlabel a\nphrase b=1 : word\n";
    assert_int_equal(attune_model_load_buffer(t1, strlen(t1), &m, &err), ATTUNE_EMODEL);
    assert_int_equal(err.offset, 23); /* the phrase line names an unknown label */
    const char *t2 = "attune-model 1\nlabel a threshold=2\n";
    assert_int_equal(attune_model_load_buffer(t2, strlen(t2), &m, &err), ATTUNE_EMODEL);
    assert_int_equal(err.offset, 15);
    const char *t3 = "attune-model 1\nlabel a\nphrase a=x : word\n";
    assert_int_equal(attune_model_load_buffer(t3, strlen(t3), &m, &err), ATTUNE_EMODEL);
    const char *t4 = "attune-model 1\n# only a comment\n";
    assert_int_equal(attune_model_load_buffer(t4, strlen(t4), &m, &err), ATTUNE_EMODEL);
    const char *t5 = "attune-model 2\nlabel a\n";
    assert_int_equal(attune_model_load_buffer(t5, strlen(t5), &m, &err), ATTUNE_EMODEL);
    const char *t6 = "attune-model 1\nlabel a\nfrobnicate\n";
    assert_int_equal(attune_model_load_buffer(t6, strlen(t6), &m, &err), ATTUNE_EMODEL);
    assert_int_equal(err.offset, 23);
    const char t7[] = "attune-model 1\nlabel a\nphrase a=1 : wo\0rd\n";
    assert_int_equal(attune_model_load_buffer(t7, sizeof t7 - 1, &m, &err), ATTUNE_EMODEL);
    assert_int_equal(attune_model_load_buffer(NULL, 3, &m, &err), ATTUNE_EINVAL);
    /* a hand-written model without checksum, with arbitrary labels */
    const char *ok = "attune-model 1\r\nnorm 1 10\r\nlabel __label__x bias=-0.5\r\n"
                     "name __label__x Ex\r\nphrase __label__x=1.5e0 : Validating feelings\r\n"
                     "except : feelings of\r\n";
    assert_int_equal(attune_model_load_buffer(ok, strlen(ok), &m, &err), 0);
    assert_string_equal(attune_model_theme_id(m, 0), "__label__x");
    assert_string_equal(attune_model_theme_name(m, 0), "Ex");
    assert_int_equal(attune_model_entry_count(m), 2);
    double w;
    assert_int_equal(entry_weight(m, "valid feel", "__label__x", &w), 0);
    assert_true(w == 1.5);
    attune_model_free(m);
}

static void test_builder(void **state) {
    (void)state;
    attune_model *m;
    assert_int_equal(attune__model_new(&m), 0);
    uint32_t a, b;
    assert_int_equal(attune__model_add_label(m, "a", 1, "A", 1, NULL, 0, -1, 0.5, &a), 0);
    assert_int_equal(attune__model_add_label(m, "b", 1, NULL, 0, NULL, 0, 0, 0.4, &b), 0);
    assert_int_equal(attune__model_add_label(m, "a", 1, NULL, 0, NULL, 0, 0, 0.4, NULL),
                     ATTUNE_EINVAL);
    assert_int_equal(attune__model_add_label(m, "c d", 3, NULL, 0, NULL, 0, 0, 0.4, NULL),
                     ATTUNE_EINVAL);
    assert_int_equal(attune__model_add_entry(m, "trust", 5, a, 1.0), 0);
    assert_int_equal(attune__model_add_entry(m, "trust", 5, a, 0.5), 0); /* summed */
    assert_int_equal(attune__model_add_entry(m, "trust", 5, b, -2.0), 0);
    assert_int_equal(attune__model_add_entry(m, " open  up ", 10, b, 1.0), 0);
    assert_int_equal(attune__model_add_entry(m, "open", 4, ATTUNE__NO_LABEL, 0), 0);
    assert_int_equal(attune__model_add_entry(m, "   ", 3, a, 1.0), ATTUNE_EINVAL);
    assert_int_equal(attune__model_add_entry(m, "x", 1, 7, 1.0), ATTUNE_EINVAL);
    assert_int_equal(attune__model_add_entry(m, "a b c d e f g h i", 17, a, 1.0), ATTUNE_EINVAL);
    assert_int_equal(attune__model_add_words(m, "Feeling HEARD", 13, a, 2.0, NULL), 0);
    assert_int_equal(attune__model_add_words(m, " -- ", 4, a, 2.0, NULL), ATTUNE_EINVAL);
    assert_int_equal(attune__model_set_norm(m, 1.0, 5.0), 0);
    assert_int_equal(attune__model_finalize(m, NULL), 0);
    assert_int_equal(attune__model_add_entry(m, "late", 4, a, 1.0), ATTUNE_EINVAL);
    assert_int_equal(attune_model_entry_count(m), 4);
    double w;
    assert_int_equal(entry_weight(m, "trust", "a", &w), 0);
    assert_true(w == 1.5);
    assert_int_equal(entry_weight(m, "trust", "b", &w), 0);
    assert_true(w == -2.0);
    assert_int_equal(entry_weight(m, "feel heard", "a", &w), 0);
    char *text;
    size_t len;
    assert_int_equal(attune_model_save_buffer(m, &text, &len, NULL), 0);
    assert_non_null(strstr(text, "norm 1 5\n"));
    assert_non_null(strstr(text, "stems a=1.5 b=-2 : trust\n"));
    assert_non_null(strstr(text, "stems : open\n"));
    attune_free(text);
    attune_model_free(m);
    /* a model without labels cannot be finalized */
    assert_int_equal(attune__model_new(&m), 0);
    attune_error err;
    assert_int_equal(attune__model_finalize(m, &err), ATTUNE_EMODEL);
    attune_model_free(m);
}

/* Every word of CounselChat whose stem is in the default model's vocabulary
 * passes the prefix filter (the filter may skip stemming only words that
 * cannot match). */
static void test_prefix_filter_is_safe(void **state) {
    (void)state;
    test_require_corpus();
    const attune_model *m = attune_model_default();
    size_t len;
    char *text = test_read_file(test_path(test_data_dir(), "counselchat/dev.fasttext"), &len);
    struct sb_stemmer *st = attune__stemmer_new();
    assert_non_null(st);
    size_t pos = 0, words = 0, in_vocab = 0, filtered = 0;
    char fold[64];
    attune__token t;
    while (attune__next_token(text, len, &pos, &t, fold, sizeof fold)) {
        if (!t.folded_len)
            continue;
        words++;
        size_t sl;
        const char *s = attune__stem(st, fold, t.folded_len, &sl);
        bool may = attune__model_may_match(m, fold, t.folded_len);
        if (!may)
            filtered++;
        if (attune__model_stem_id(m, s, sl) >= 0) {
            in_vocab++;
            if (!may)
                fail_msg("filter rejects '%.*s' (stem '%.*s')", (int)t.folded_len, fold, (int)sl,
                         s);
        }
    }
    printf("words %zu, stem in vocabulary %zu, skipped by the filter %zu\n", words, in_vocab,
           filtered);
    assert_true(words > 200000);
    assert_true(filtered > words / 10); /* it does skip stemming */
    attune__stemmer_free(st);
    free(text);
}

static void test_tokenizer(void **state) {
    (void)state;
    const char *s = "Non\xe2\x80\x91judgmental, CLIENT\xe2\x80\x99S caf\xc3\xa9 \xef\xac\x81ne. "
                    "'quoted' x\xc2\xadyz\n\nend";
    const char *want[] = {"non", "judgmental", "client's", "cafe", "fine", "quoted", "xyz", "end"};
    bool bound[] = {false, false, false, false, false, true, false, true};
    size_t pos = 0, i = 0;
    char fold[64];
    attune__token t;
    while (attune__next_token(s, strlen(s), &pos, &t, fold, sizeof fold)) {
        assert_true(i < 8);
        assert_int_equal(t.folded_len, strlen(want[i]));
        assert_memory_equal(fold, want[i], t.folded_len);
        assert_int_equal(t.boundary, bound[i]);
        i++;
    }
    assert_int_equal(i, 8);
    /* ill-formed UTF-8 separates words and never reads past the end */
    const char bad[] = "ab\xff\xc3";
    pos = 0;
    assert_true(attune__next_token(bad, 4, &pos, &t, fold, sizeof fold));
    assert_int_equal(t.end, 2);
    assert_false(attune__next_token(bad, 4, &pos, &t, fold, sizeof fold));
}

/* A model text larger than ATTUNE_MODEL_MAX_BYTES is refused by its length
 * alone, before a byte is read (so a short buffer is enough to show it). */
static void test_size_limit(void **state) {
    (void)state;
    static const char head[] = "attune-model 1\n";
    attune_model *m = (attune_model *)head;
    attune_error err;
    assert_int_equal(attune_model_load_buffer(head, (size_t)ATTUNE_MODEL_MAX_BYTES + 1, &m, &err),
                     ATTUNE_ELIMIT);
    assert_null(m);
    assert_int_equal(err.code, ATTUNE_ELIMIT);
    assert_int_equal(err.offset, ATTUNE_MODEL_MAX_BYTES);
    /* a length within the limit is read: this text is a model without labels */
    assert_int_equal(attune_model_load_buffer(head, sizeof head - 1, &m, &err), ATTUNE_EMODEL);
    assert_null(m);
}

static void test_alloc_failures(void **state) {
    (void)state;
    const char *src = "attune-model 1\nnorm 0.5 10\nlabel a bias=-1\nlabel b\n"
                      "name a Alpha\nabout a The first\n"
                      "phrase a=1 b=2 : trust\nphrase a=1 : open up\nstems b=0.5 : feel heard\n"
                      "except : safety plan\nphrase b=1 : compassion fatigue\n";
    test_alloc_install(0);
    size_t total = 0;
    attune_model *m;
    assert_int_equal(attune_model_load_buffer(src, strlen(src), &m, NULL), 0);
    char *out;
    size_t outlen;
    assert_int_equal(attune_model_save_buffer(m, &out, &outlen, NULL), 0);
    attune_free(out);
    attune_model_free(m);
    total = test_alloc_n;
    assert_true(total > 10);
    for (test_alloc_fail_at = 1; test_alloc_fail_at <= total; test_alloc_fail_at++) {
        test_alloc_n = 0;
        attune_error err;
        int32_t rc = attune_model_load_buffer(src, strlen(src), &m, &err);
        if (rc) {
            assert_int_equal(rc, ATTUNE_ENOMEM);
            assert_null(m);
            continue;
        }
        rc = attune_model_save_buffer(m, &out, &outlen, &err);
        if (rc) {
            assert_int_equal(rc, ATTUNE_ENOMEM);
            assert_null(out);
        } else {
            attune_free(out);
        }
        attune_model_free(m);
    }
    test_alloc_uninstall();
}

/* The norms of finalized models come from a table below ATTUNE__NORM_TAB
 * words and from pow() above it: both must be max(n, norm_min) ^ power
 * (1 for power 0) to the last bit, either side of the table's end. */
static void test_norm_table(void **state) {
    (void)state;
    static const double settings[][2] = {{0.5, 1.0}, {1.0, 5.0}, {0.0, 1.0}, {0.37, 2.5}};
    static const size_t words[] = {0, 1, 2, 4, 5, 6, 100, 510, 511, 512, 513, 100000};
    for (size_t k = 0; k < sizeof settings / sizeof settings[0]; k++) {
        attune_model *m;
        uint32_t a;
        assert_int_equal(attune__model_new(&m), 0);
        assert_int_equal(attune__model_add_label(m, "a", 1, NULL, 0, NULL, 0, 0, 0.5, &a), 0);
        assert_int_equal(attune__model_add_entry(m, "trust", 5, a, 1.0), 0);
        assert_int_equal(attune__model_set_norm(m, settings[k][0], settings[k][1]), 0);
        assert_int_equal(attune__model_finalize(m, NULL), 0);
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
            double n = (double)words[i] < settings[k][1] ? settings[k][1] : (double)words[i];
            double want = settings[k][0] == 0.0 ? 1.0 : pow(n, settings[k][0]);
            double got = attune__model_norm(m, words[i]);
            assert_memory_equal(&got, &want, sizeof got);
        }
        attune_model_free(m);
    }
}

/* Each pair of first stems lists the entries of two or more stems that
 * start with it, longest first, and nothing else. */
static void test_pair_lists(void **state) {
    (void)state;
    attune_model *m;
    uint32_t a;
    assert_int_equal(attune__model_new(&m), 0);
    assert_int_equal(attune__model_add_label(m, "a", 1, NULL, 0, NULL, 0, 0, 0.5, &a), 0);
    static const char *const entries[] = {"open up", "open up to", "open door",
                                          "open",    "up to",      "open up to me now"};
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        assert_int_equal(attune__model_add_entry(m, entries[i], strlen(entries[i]), a, 1.0), 0);
    assert_int_equal(attune__model_finalize(m, NULL), 0);
    int32_t open = attune__model_stem_id(m, "open", 4), up = attune__model_stem_id(m, "up", 2);
    int32_t door = attune__model_stem_id(m, "door", 4), to = attune__model_stem_id(m, "to", 2);
    assert_true(open >= 0 && up >= 0 && door >= 0 && to >= 0);
    uint32_t slot = attune__model_pair_slot(m, (uint32_t)open, (uint32_t)up);
    assert_int_not_equal(slot, UINT32_MAX);
    assert_int_equal(m->pair_n[slot], 3);
    static const uint32_t lens[] = {5, 3, 2};
    for (uint32_t k = 0; k < 3; k++)
        assert_int_equal(m->entries[m->pair_list[m->pair_first[slot] + k]].len, lens[k]);
    slot = attune__model_pair_slot(m, (uint32_t)open, (uint32_t)door);
    assert_int_not_equal(slot, UINT32_MAX);
    assert_int_equal(m->pair_n[slot], 1);
    slot = attune__model_pair_slot(m, (uint32_t)up, (uint32_t)to);
    assert_int_not_equal(slot, UINT32_MAX);
    assert_int_equal(m->pair_n[slot], 1);
    assert_int_equal(attune__model_pair_slot(m, (uint32_t)up, (uint32_t)open), UINT32_MAX);
    assert_int_equal(attune__model_pair_slot(m, (uint32_t)door, (uint32_t)open), UINT32_MAX);
    attune_model_free(m);
}

/* The 0.2.0 additions: a lookup whose "not found" is not an error code's
 * value, and a release that takes the const pointer of the default model. */
static void test_theme_find(void **state) {
    (void)state;
    const attune_model *m = attune_model_default();
    size_t i = 99;
    attune_error err;
    assert_int_equal(attune_model_theme_find(m, "trust", 5, &i, &err), ATTUNE_OK);
    assert_string_equal(attune_model_theme_id(m, i), "trust");
    assert_int_equal((int32_t)i, attune_model_theme_index(m, "trust", 5));
    assert_int_equal(attune_model_theme_find(m, "trus", 4, &i, &err), ATTUNE_ENOTFOUND);
    assert_int_equal(err.code, ATTUNE_ENOTFOUND);
    assert_true(i == ATTUNE_NO_INDEX);
    assert_int_equal(attune_model_theme_find(m, NULL, 3, &i, &err), ATTUNE_EINVAL);
    assert_int_equal(attune_model_theme_find(NULL, "trust", 5, &i, &err), ATTUNE_EINVAL);
    assert_string_equal(attune_strerror(ATTUNE_ENOTFOUND), "not found");
    attune_model_release(m); /* the default model: nothing happens */
    attune_model_release(NULL);
    assert_int_equal(attune_model_theme_find(attune_model_default(), "empathy", 7, &i, NULL),
                     ATTUNE_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_matches_taxonomy),
        cmocka_unit_test(test_phrases_are_stemmed),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_errors_have_offsets),
        cmocka_unit_test(test_builder),
        cmocka_unit_test(test_prefix_filter_is_safe),
        cmocka_unit_test(test_tokenizer),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_norm_table),
        cmocka_unit_test(test_pair_lists),
        cmocka_unit_test(test_theme_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
