/* The content module's shared, build-once lexicon: a page's JSON must not
 * depend on what was parsed before it, nor on other threads parsing at the
 * same time (first use of the table included). Each seed and the sample
 * page is rendered alone first, then after the other pages, then from four
 * threads at once; every rendering must be byte-identical. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAGES 16
#define THREADS 4

static char *page[MAX_PAGES];
static size_t page_len[MAX_PAGES];
static size_t npages;

static char *json_of(const char *s, size_t len, size_t *n) {
    attune_doc *doc = NULL;
    if (attune_doc_parse(s, len, NULL, &doc, NULL) != ATTUNE_OK)
        return NULL;
    char *out = NULL;
    int32_t rc = attune_render_json(doc, NULL, &out, n, NULL);
    attune_doc_free(doc);
    return rc == ATTUNE_OK ? out : NULL;
}

static void load_pages(const char *dir) {
    npages = 0;
    for (size_t i = 0; i < test_seed_count() && npages < MAX_PAGES - 1; i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        page[npages] = test_read_file(test_path(dir, name), &page_len[npages]);
        npages++;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    assert_non_null(slash);
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../examples/sample-page.txt");
    page[npages] = test_read_file(path, &page_len[npages]);
    npages++;
}

typedef struct job {
    size_t first; /* page this thread starts with */
    char *json[MAX_PAGES];
    size_t json_len[MAX_PAGES];
    int ok;
} job;

static void *run_job(void *arg) {
    job *j = arg;
    j->ok = 1;
    for (size_t k = 0; k < npages; k++) {
        size_t i = (j->first + k) % npages;
        j->json[i] = json_of(page[i], page_len[i], &j->json_len[i]);
        if (!j->json[i])
            j->ok = 0;
    }
    return NULL;
}

static void test_same_json_any_order_any_thread(void **state) {
    (void)state;
    load_pages(test_require_corpus());
    assert_true(npages >= 6);
    /* concurrently first: the table's first use may happen in any thread */
    pthread_t th[THREADS];
    job jobs[THREADS];
    memset(jobs, 0, sizeof jobs);
    for (size_t t = 0; t < THREADS; t++) {
        jobs[t].first = t;
        assert_int_equal(pthread_create(&th[t], NULL, run_job, &jobs[t]), 0);
    }
    for (size_t t = 0; t < THREADS; t++)
        assert_int_equal(pthread_join(th[t], NULL), 0);
    /* then sequentially in reverse order, each page alone after the others */
    for (size_t k = npages; k-- > 0;) {
        size_t n = 0;
        char *alone = json_of(page[k], page_len[k], &n);
        assert_non_null(alone);
        assert_true(n > 100);
        for (size_t t = 0; t < THREADS; t++) {
            assert_true(jobs[t].ok);
            assert_int_equal(jobs[t].json_len[k], n);
            assert_memory_equal(jobs[t].json[k], alone, n);
        }
        attune_free(alone);
    }
    for (size_t t = 0; t < THREADS; t++)
        for (size_t k = 0; k < npages; k++)
            attune_free(jobs[t].json[k]);
    for (size_t k = 0; k < npages; k++)
        free(page[k]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_json_any_order_any_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
