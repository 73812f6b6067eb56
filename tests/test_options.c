/* The one rule for every versioned options struct (CONTRIBUTING.md): `size`
 * first; a struct one field short (a caller built against an older header)
 * is accepted and the missing field takes its default; a struct one field
 * long (a newer header) is accepted when the unknown field is zero and
 * refused, with the offset of the first unknown byte, when it is not. */
#include "support.h"

#include <stddef.h>
#include <string.h>

/* A caller of a later release: the struct this library knows plus a field. */
#define LONGER(T)                                                                                  \
    struct {                                                                                       \
        T o;                                                                                       \
        uint64_t later;                                                                            \
    }

static void test_parse_options(void **state) {
    (void)state;
    attune_doc *doc = NULL;
    attune_error err;
    attune_parse_options o;
    attune_parse_options_init(&o);
    /* one field short: max_input is past `size`, so its bytes are not read */
    o.max_input = 4;
    o.size = (uint32_t)offsetof(attune_parse_options, max_input);
    assert_int_equal(attune_doc_parse("0123456789", 10, &o, &doc, &err), ATTUNE_OK);
    attune_doc_free(doc);
    /* the same bytes with the full size: the field is read */
    o.size = (uint32_t)sizeof o;
    assert_int_equal(attune_doc_parse("0123456789", 10, &o, &doc, &err), ATTUNE_ELIMIT);
    /* one field long */
    LONGER(attune_parse_options) l;
    memset(&l, 0, sizeof l);
    attune_parse_options_init(&l.o);
    l.o.size = (uint32_t)sizeof l;
    assert_int_equal(attune_doc_parse("abc", 3, &l.o, &doc, &err), ATTUNE_OK);
    attune_doc_free(doc);
    l.later = 1;
    assert_int_equal(attune_doc_parse("abc", 3, &l.o, &doc, &err), ATTUNE_EINVAL);
    assert_null(doc);
    assert_int_equal(err.offset, sizeof(attune_parse_options));
    /* too small for the size field itself */
    o.size = 3;
    assert_int_equal(attune_doc_parse("abc", 3, &o, &doc, &err), ATTUNE_EINVAL);
}

static void test_classify_options(void **state) {
    (void)state;
    attune_result *r = NULL;
    attune_error err;
    attune_classify_options o;
    attune_classify_options_init(&o);
    o.max_input = 2;
    o.size = (uint32_t)offsetof(attune_classify_options, max_input);
    assert_int_equal(attune_classify_text(NULL, "hello", 5, &o, &r, &err), ATTUNE_OK);
    attune_result_free(r);
    o.size = (uint32_t)sizeof o;
    assert_int_equal(attune_classify_text(NULL, "hello", 5, &o, &r, &err), ATTUNE_ELIMIT);
    LONGER(attune_classify_options) l;
    memset(&l, 0, sizeof l);
    attune_classify_options_init(&l.o);
    l.o.size = (uint32_t)sizeof l;
    assert_int_equal(attune_classify_text(NULL, "hello", 5, &l.o, &r, &err), ATTUNE_OK);
    attune_result_free(r);
    l.later = 7;
    assert_int_equal(attune_classify_text(NULL, "hello", 5, &l.o, &r, &err), ATTUNE_EINVAL);
    assert_null(r);
    assert_int_equal(err.offset, sizeof(attune_classify_options));
    /* through attune_classify too */
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse("hello", 5, NULL, &doc, NULL), ATTUNE_OK);
    assert_int_equal(attune_classify(NULL, doc, &l.o, &r, &err), ATTUNE_EINVAL);
    l.later = 0;
    assert_int_equal(attune_classify(NULL, doc, &l.o, &r, &err), ATTUNE_OK);
    attune_result_free(r);
    attune_doc_free(doc);
}

static void test_render_options(void **state) {
    (void)state;
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse("Hello\n", 6, NULL, &doc, NULL), ATTUNE_OK);
    char *out = NULL;
    size_t n = 0;
    attune_error err;
    attune_render_options o;
    attune_render_options_init(&o);
    o.source = "page.txt";
    /* one field short: `source` is the last field, so it is not read */
    o.size = (uint32_t)offsetof(attune_render_options, source);
    assert_int_equal(attune_render_json(doc, &o, &out, &n, &err), ATTUNE_OK);
    assert_non_null(strstr(out, "\"source\":null"));
    attune_free(out);
    o.size = (uint32_t)sizeof o;
    assert_int_equal(attune_render_json(doc, &o, &out, &n, &err), ATTUNE_OK);
    assert_non_null(strstr(out, "\"source\":\"page.txt\""));
    attune_free(out);
    LONGER(attune_render_options) l;
    memset(&l, 0, sizeof l);
    attune_render_options_init(&l.o);
    l.o.size = (uint32_t)sizeof l;
    assert_int_equal(attune_render_json(doc, &l.o, &out, &n, &err), ATTUNE_OK);
    attune_free(out);
    l.later = 1;
    assert_int_equal(attune_render_json(doc, &l.o, &out, &n, &err), ATTUNE_EINVAL);
    assert_null(out);
    assert_int_equal(err.offset, sizeof(attune_render_options));
    attune_doc_free(doc);
}

static attune_trainer *small_trainer(void) {
    attune_trainer *t = NULL;
    assert_int_equal(attune_trainer_new(&t, NULL), ATTUNE_OK);
    static const char *const texts[] = {"trust grows slowly", "we built trust together",
                                        "boundaries keep us safe", "clear boundaries help"};
    static const char *const labels[] = {"trust", "trust", "ethics", "ethics"};
    for (size_t i = 0; i < 4; i++) {
        const char *lab[1] = {labels[i]};
        size_t len[1] = {strlen(labels[i])};
        assert_int_equal(attune_trainer_add(t, texts[i], strlen(texts[i]), lab, len, 1, NULL),
                         ATTUNE_OK);
    }
    return t;
}

static void test_train_options(void **state) {
    (void)state;
    attune_trainer *t = small_trainer();
    attune_model *m = NULL;
    attune_error err;
    attune_train_options o;
    attune_train_options_init(&o);
    o.min_count = 1;
    o.min_count_ngrams = 2000000; /* out of range, but past `size`: not read */
    o.size = (uint32_t)offsetof(attune_train_options, min_count_ngrams);
    assert_int_equal(attune_trainer_fit(t, &o, &m, &err), ATTUNE_OK);
    attune_model_free(m);
    m = NULL;
    o.size = (uint32_t)sizeof o;
    assert_int_equal(attune_trainer_fit(t, &o, &m, &err), ATTUNE_EINVAL);
    LONGER(attune_train_options) l;
    memset(&l, 0, sizeof l);
    attune_train_options_init(&l.o);
    l.o.min_count = 1;
    l.o.size = (uint32_t)sizeof l;
    assert_int_equal(attune_trainer_fit(t, &l.o, &m, &err), ATTUNE_OK);
    attune_model_free(m);
    m = NULL;
    l.later = 3;
    assert_int_equal(attune_trainer_fit(t, &l.o, &m, &err), ATTUNE_EINVAL);
    assert_null(m);
    assert_int_equal(err.offset, sizeof(attune_train_options));
    attune_trainer_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_options),
        cmocka_unit_test(test_classify_options),
        cmocka_unit_test(test_render_options),
        cmocka_unit_test(test_train_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
