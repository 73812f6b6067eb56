#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int is_dir(const char *p) {
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *test_corpus_dir(void) {
    static char buf[4096];
    const char *env = getenv("ATTUNE_CORPUS");
    if (env && *env)
        return is_dir(env) ? env : NULL;
    snprintf(buf, sizeof buf, "%s/corpus", ATTUNE_DEFAULT_SHARED);
    return is_dir(buf) ? buf : NULL;
}

const char *test_data_dir(void) {
    static char buf[4096];
    const char *c = test_corpus_dir();
    if (c)
        snprintf(buf, sizeof buf, "%s/../data", c);
    else
        snprintf(buf, sizeof buf, "%s/data", ATTUNE_DEFAULT_SHARED);
    return is_dir(buf) ? buf : NULL;
}

const char *test_require_corpus(void) {
    const char *dir = test_corpus_dir();
    if (!dir) {
        const char *req = getenv("ATTUNE_REQUIRE_CORPUS");
        if (req && *req && strcmp(req, "0") != 0)
            fail_msg("the shared corpus is missing (set ATTUNE_CORPUS); it is required here");
        printf("SKIP: shared corpus not found (set ATTUNE_CORPUS to ../shared/corpus)\n");
        skip();
    }
    return dir;
}

char *test_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    size_t got = fread(p, 1, (size_t)n, f);
    fclose(f);
    assert_int_equal(got, (size_t)n);
    p[n] = '\0';
    if (len)
        *len = (size_t)n;
    return p;
}

const char *test_path(const char *dir, const char *name) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

static char seed_names[64][128];
static size_t seed_n = (size_t)-1;

static int cmp_names(const void *a, const void *b) { return strcmp(a, b); }

static void load_seeds(void) {
    if (seed_n != (size_t)-1)
        return;
    seed_n = 0;
    const char *c = test_corpus_dir();
    if (!c)
        return;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/seeds", c);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && seed_n < 64) {
        size_t l = strlen(e->d_name);
        if (l > 4 && l < 120 && strcmp(e->d_name + l - 4, ".txt") == 0) {
            memcpy(seed_names[seed_n], e->d_name, l - 4);
            seed_names[seed_n][l - 4] = '\0';
            seed_n++;
        }
    }
    closedir(d);
    qsort(seed_names, seed_n, sizeof seed_names[0], cmp_names);
}

size_t test_seed_count(void) {
    load_seeds();
    return seed_n;
}

const char *test_seed_name(size_t i) {
    load_seeds();
    return i < seed_n ? seed_names[i] : NULL;
}

char *test_read_seed(const char *dir, size_t i, size_t *len) {
    char name[256];
    snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
    return test_read_file(test_path(dir, name), len);
}

uint64_t test_rand(uint64_t *s) {
    uint64_t x = *s += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

size_t test_alloc_n, test_alloc_fail_at;
long test_alloc_blocks;
size_t test_alloc_refused;

static void *fail_malloc(void *ctx, size_t n) {
    (void)ctx;
    if (++test_alloc_n == test_alloc_fail_at) {
        test_alloc_refused++;
        return NULL;
    }
    void *p = malloc(n ? n : 1);
    if (p)
        test_alloc_blocks++;
    return p;
}

static void *fail_realloc(void *ctx, void *p, size_t n) {
    (void)ctx;
    if (++test_alloc_n == test_alloc_fail_at) {
        test_alloc_refused++;
        return NULL;
    }
    void *q = realloc(p, n ? n : 1);
    if (q && !p)
        test_alloc_blocks++;
    return q;
}

static void fail_free(void *ctx, void *p) {
    (void)ctx;
    if (p)
        test_alloc_blocks--;
    free(p);
}

void test_alloc_install(size_t fail_at) {
    attune_allocator a;
    assert_int_equal(attune_allocator_init(&a), ATTUNE_OK);
    a.malloc_fn = fail_malloc;
    a.realloc_fn = fail_realloc;
    a.free_fn = fail_free;
    test_alloc_n = 0;
    test_alloc_blocks = 0;
    test_alloc_refused = 0;
    test_alloc_fail_at = fail_at;
    assert_int_equal(attune_set_allocator(&a), ATTUNE_OK);
}

void test_alloc_uninstall(void) { assert_int_equal(attune_set_allocator(NULL), ATTUNE_OK); }

/* ATTUNE_TEST_SKIP: a comma-separated list of test function names to leave
 * out (for runs where the heaviest tests cost too much, like valgrind in
 * .ci/extra; the other builds run them). Every test program is linked with
 * -Wl,--wrap=_cmocka_run_group_tests, so this applies to all of them without
 * touching their main(). */
int __real__cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *const tests,
                                   const size_t num_tests, CMFixtureFunction group_setup,
                                   CMFixtureFunction group_teardown);
int __wrap__cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *const tests,
                                   const size_t num_tests, CMFixtureFunction group_setup,
                                   CMFixtureFunction group_teardown);

static int skip_listed(const char *skip, const char *name) {
    size_t n = strlen(name);
    for (const char *p = skip; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return 1;
        p += len + (e != NULL);
    }
    return 0;
}

int __wrap__cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *const tests,
                                   const size_t num_tests, CMFixtureFunction group_setup,
                                   CMFixtureFunction group_teardown) {
    const char *skip = getenv("ATTUNE_TEST_SKIP");
    if (!skip || !*skip)
        return __real__cmocka_run_group_tests(group_name, tests, num_tests, group_setup,
                                              group_teardown);
    struct CMUnitTest *kept = calloc(num_tests ? num_tests : 1, sizeof *kept);
    if (!kept)
        return 1;
    size_t n = 0;
    for (size_t i = 0; i < num_tests; i++) {
        if (skip_listed(skip, tests[i].name))
            printf("SKIP (ATTUNE_TEST_SKIP): %s\n", tests[i].name);
        else
            kept[n++] = tests[i];
    }
    int rc = __real__cmocka_run_group_tests(group_name, kept, n, group_setup, group_teardown);
    free(kept);
    return rc;
}

static char cli_path[4096 + 16];
static char cli_tmp[] = "/tmp/attune-cli-XXXXXX";

int test_cli_setup(void **state) {
    (void)state;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    for (int i = 0; i < 2; i++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return -1;
        *slash = '\0';
    }
    snprintf(cli_path, sizeof cli_path, "%s/attune", exe);
    return mkdtemp(cli_tmp) ? 0 : -1;
}

int test_cli_teardown(void **state) {
    (void)state;
    char cmd[4096 + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cli_tmp);
    return system(cmd) == 0 ? 0 : -1;
}

const char *test_cli(void) { return cli_path; }

const char *test_tmpdir(void) { return cli_tmp; }

void test_require_cli(void) {
    if (access(cli_path, X_OK) != 0) {
        printf("SKIP: %s not built (ATTUNE_BUILD_CLI=OFF)\n", cli_path);
        skip();
    }
}

const char *test_tmp_path(const char *name) {
    static char path[4][4096 + 256];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", cli_tmp, name);
    return path[k];
}

const char *test_write_tmp(const char *name, const char *data, size_t len) {
    const char *path = test_tmp_path(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

int test_run_capture(const char *cmd, char **out, size_t *out_len) {
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    assert_non_null(buf);
    while ((got = fread(buf + n, 1, cap - n, p)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            assert_non_null(buf);
        }
    }
    buf[n] = '\0';
    int st = pclose(p);
    assert_true(WIFEXITED(st));
    *out = buf;
    *out_len = n;
    return WEXITSTATUS(st);
}
