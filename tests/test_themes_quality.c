/* Theme quality on real text: the seeds' sections against their gold
 * themes, and CounselChat answers labeled by meaning (dev-themes.tsv).
 * Prints micro-, macro- and per-theme F1; fails under the floors. Set
 * ATTUNE_THEMES_VERBOSE=1 to print every disagreement. */
#include "themes_eval.h"
#include "themes/themes_internal.h"

#include <stdbool.h>

static bool verbose(void) {
    const char *v = getenv("ATTUNE_THEMES_VERBOSE");
    return v && *v && *v != '0';
}

/* ATTUNE_THEMES_DUMP=FILE appends "set item words gold score..." lines, for
 * studying the model's calibration outside the test. */
static void dump(const char *set, const char *item, const attune_model *m, const attune_result *r,
                 uint32_t gold) {
    const char *path = getenv("ATTUNE_THEMES_DUMP");
    if (!path || !*path)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "%s\t%s\t%zu\t%u", set, item, attune_result_unit_words(r, 0), (unsigned)gold);
    for (size_t t = 0; t < attune_model_theme_count(m); t++) {
        double sc;
        attune_result_theme(r, 0, t, &sc, NULL);
        fprintf(f, "\t%.17g", sc);
    }
    fprintf(f, "\n");
    fclose(f);
}

/* ATTUNE_THEMES_FEATURES=FILE appends "set item words gold entry:heading:count
 * ..." lines: the matched entries, for fitting the default model's weights. */
static void dump_features(const char *set, const char *item, const attune_result *r,
                          const bool *heading, uint32_t gold) {
    const char *path = getenv("ATTUNE_THEMES_FEATURES");
    if (!path || !*path)
        return;
    FILE *f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "%s\t%s\t%zu\t%u\t", set, item, attune_result_unit_words(r, 0), (unsigned)gold);
    for (size_t u = 2; u < r->nunits; u++)
        for (size_t k = r->units[u].m0; k < r->units[u].m1; k++)
            fprintf(f, " %u:%d", (unsigned)r->matches[k].entry, heading && heading[u - 2] ? 1 : 0);
    fprintf(f, "\n");
    fclose(f);
}

static void print_mask(const attune_model *m, const char *label, uint32_t mask) {
    printf(" %s=", label);
    for (size_t t = 0; t < attune_model_theme_count(m); t++)
        if (mask >> t & 1)
            printf("%s,", attune_model_theme_id(m, t));
}

static void print_scores(const attune_model *m, const attune_result *r) {
    for (size_t t = 0; t < attune_model_theme_count(m); t++) {
        double sc;
        attune_result_theme(r, 0, t, &sc, NULL);
        if (sc > 0.2)
            printf(" %s:%.2f", attune_model_theme_id(m, t), sc);
    }
}

/* One gold row of a seed. */
typedef struct row {
    size_t line;
    char role[32];
    char themes[256];
    char note[1024];
} row;

static size_t read_gold(const char *path, row *rows, size_t max) {
    size_t len;
    char *tsv = test_read_file(path, &len);
    size_t n = 0;
    char *p = tsv;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (strncmp(p, "line\t", 5) != 0 && *p) {
            assert_true(n < max);
            row *r = &rows[n];
            memset(r, 0, sizeof *r);
            char *f[5] = {p, NULL, NULL, NULL, NULL};
            for (int k = 1; k < 5; k++) {
                f[k] = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
                if (f[k])
                    *f[k]++ = '\0';
            }
            r->line = (size_t)strtoul(f[0], NULL, 10);
            snprintf(r->role, sizeof r->role, "%s", f[1] ? f[1] : "");
            snprintf(r->themes, sizeof r->themes, "%s", f[3] ? f[3] : "");
            snprintf(r->note, sizeof r->note, "%s", f[4] ? f[4] : "");
            n++;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    free(tsv);
    return n;
}

static bool main_role(const char *role) {
    return strcmp(role, "title") == 0 || strcmp(role, "heading") == 0 ||
           strcmp(role, "summary") == 0 || strcmp(role, "paragraph") == 0 ||
           strcmp(role, "list_item") == 0;
}

/* Classifies one gold section's text and scores it. */
static void score_section(const attune_model *m, eval_counts *c, const char *seed, size_t line,
                          const attune__part *parts, size_t nparts, uint32_t gold) {
    attune_result *r;
    assert_int_equal(attune__classify_parts(m, parts, nparts, &r, NULL), 0);
    uint32_t pred = eval_predicted(r, 0);
    eval_add(c, attune_model_theme_count(m), gold, pred);
    char item[256];
    snprintf(item, sizeof item, "%s:%zu", seed, line);
    dump("seed", item, m, r, gold);
    bool heading[128];
    for (size_t i = 0; i < nparts && i < 128; i++)
        heading[i] = parts[i].heading;
    dump_features("seed", item, r, heading, gold);
    if (verbose() && pred != gold) {
        printf("%s:%zu", seed, line);
        print_mask(m, "gold", gold);
        print_mask(m, "pred", pred);
        print_scores(m, r);
        printf("\n");
        for (size_t t = 0; t < attune_model_theme_count(m); t++) {
            if (((gold ^ pred) >> t & 1) == 0)
                continue;
            printf("    %s %s:", gold >> t & 1 ? "missed" : "extra", attune_model_theme_id(m, t));
            for (size_t u = 2; u < attune_result_unit_count(r); u++)
                for (size_t k = 0; k < attune_result_evidence_count(r, u, t); k++) {
                    size_t a, e;
                    attune_result_evidence(r, u, t, k, &a, &e);
                    printf(" [%.*s]", (int)(e - a), parts[u - 2].text + a);
                }
            printf("\n");
        }
    }
    attune_result_free(r);
}

/* Sections as the gold files cut them: the title (or the untitled
 * introduction) and each heading open a section that runs to the next
 * heading; their text is the main-content lines, spam sentences removed. */
static void test_seed_sections(void **state) {
    (void)state;
    const char *corpus = test_require_corpus();
    const attune_model *m = attune_model_default();
    eval_counts c;
    memset(&c, 0, sizeof c);
    char dir[2048];
    snprintf(dir, sizeof dir, "%s/seeds", corpus);
    static row rows[512];
    for (size_t s = 0; s < test_seed_count(); s++) {
        const char *name = test_seed_name(s);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.txt", dir, name);
        size_t tlen;
        char *txt = test_read_file(path, &tlen);
        /* line starts */
        static char *lines[4096];
        size_t nlines = 0;
        for (char *p = txt; p && *p && nlines < 4096;) {
            lines[nlines++] = p;
            char *nl = strchr(p, '\n');
            if (!nl)
                break;
            *nl = '\0';
            p = nl + 1;
        }
        snprintf(path, sizeof path, "%s/%s.gold.tsv", dir, name);
        size_t nrows = read_gold(path, rows, 512);
        char *buf = malloc(tlen + 4096);
        size_t blen = 0;
        attune__part parts[128];
        size_t nparts = 0;
        bool open = false;
        uint32_t gold = 0;
        size_t sec_line = 0;
        for (size_t i = 0; i <= nrows; i++) {
            row *r = i < nrows ? &rows[i] : NULL;
            bool starts = r && (strcmp(r->role, "title") == 0 || strcmp(r->role, "heading") == 0);
            bool intro = r && !open && main_role(r->role) && !starts;
            if ((starts || !r) && open) {
                score_section(m, &c, name, sec_line, parts, nparts, gold);
                open = false;
            }
            if (!r)
                break;
            if (starts || intro) {
                open = true;
                blen = 0;
                nparts = 0;
                sec_line = r->line;
                gold = eval_mask(m, r->themes, strlen(r->themes));
                const char *in = strstr(r->note, "introduction: ");
                if (intro && in)
                    gold = eval_mask(m, in + 14, strlen(in + 14));
            }
            if (!open || !main_role(r->role) || r->line == 0 || r->line > nlines)
                continue;
            const char *l = lines[r->line - 1];
            size_t ll = strlen(l);
            memcpy(buf + blen, l, ll);
            if (strncmp(r->note, "spam: ", 6) == 0) {
                char *hit = strstr(buf + blen, r->note + 6);
                if (hit)
                    memset(hit, ' ', strlen(r->note + 6));
            }
            assert_true(nparts < 128);
            parts[nparts++] = (attune__part){
                buf + blen, ll, strcmp(r->role, "title") == 0 || strcmp(r->role, "heading") == 0};
            blen += ll;
        }
        free(buf);
        free(txt);
    }
    double macro;
    double micro = eval_report("seed sections (gold cut)", m, &c, &macro);
    assert_true(c.items >= 40);
    assert_true(micro >= 0.85);
}

/* The real pipeline: each seed parsed by attune_doc_parse, classified by
 * attune_classify, and its section units matched to the gold sections by
 * line (a gold section the parser missed counts as predicting nothing; a
 * section the gold does not have counts as predicting themes for none). */
static void test_seed_documents(void **state) {
    (void)state;
    const char *corpus = test_require_corpus();
    const attune_model *m = attune_model_default();
    eval_counts c;
    memset(&c, 0, sizeof c);
    static row rows[512];
    size_t matched = 0, gold_sections = 0;
    for (size_t s = 0; s < test_seed_count(); s++) {
        const char *name = test_seed_name(s);
        char path[4096];
        snprintf(path, sizeof path, "%.2000s/seeds/%.200s.txt", corpus, name);
        size_t tlen;
        char *txt = test_read_file(path, &tlen);
        snprintf(path, sizeof path, "%.2000s/seeds/%.200s.gold.tsv", corpus, name);
        size_t nrows = read_gold(path, rows, 512);
        attune_doc *doc;
        assert_int_equal(attune_doc_parse(txt, tlen, NULL, &doc, NULL), 0);
        attune_result *r;
        assert_int_equal(attune_classify(m, doc, NULL, &r, NULL), 0);
        size_t ns = attune_result_section_count(r);
        bool used[512] = {false};
        bool seen_main = false;
        for (size_t i = 0; i < nrows; i++) {
            row *g = &rows[i];
            bool head = strcmp(g->role, "title") == 0 || strcmp(g->role, "heading") == 0;
            bool intro = !head && !seen_main && main_role(g->role);
            if (main_role(g->role))
                seen_main = true;
            if (!head && !intro)
                continue;
            uint32_t gold = eval_mask(m, g->themes, strlen(g->themes));
            const char *in = strstr(g->note, "introduction: ");
            if (intro && in)
                gold = eval_mask(m, in + 14, strlen(in + 14));
            else if (intro)
                continue;
            gold_sections++;
            uint32_t pred = 0;
            for (size_t u = 1; u <= ns && u < 512; u++) {
                size_t line;
                assert_int_equal(attune_result_section_line(r, u, &line), 0);
                if (line == g->line && !used[u]) {
                    used[u] = true;
                    pred = eval_predicted(r, u);
                    matched++;
                    break;
                }
            }
            eval_add(&c, attune_model_theme_count(m), gold, pred);
            if (verbose() && pred != gold) {
                printf("doc %s:%zu", name, g->line);
                print_mask(m, "gold", gold);
                print_mask(m, "pred", pred);
                printf("\n");
            }
        }
        for (size_t u = 1; u <= ns && u < 512; u++)
            if (!used[u])
                eval_add(&c, attune_model_theme_count(m), 0, eval_predicted(r, u));
        attune_result_free(r);
        attune_doc_free(doc);
        free(txt);
    }
    printf("sections found by the parser: %zu of %zu\n", matched, gold_sections);
    double macro;
    double micro = eval_report("seed documents (parse + classify)", m, &c, &macro);
    assert_true(matched * 10 >= gold_sections * 9);
    assert_true(micro >= 0.85);
}

static void test_counselchat_by_meaning(void **state) {
    (void)state;
    test_require_corpus();
    const attune_model *m = attune_model_default();
    size_t jlen, tlen;
    char *jsonl = test_read_file(test_path(test_data_dir(), "counselchat/dev.jsonl"), &jlen);
    char *tsv = test_read_file(test_path(test_data_dir(), "counselchat/dev-themes.tsv"), &tlen);
    eval_counts c;
    memset(&c, 0, sizeof c);
    char *p = strchr(tsv, '\n'); /* skip the header */
    while (p && *++p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *tab = strchr(p, '\t');
        assert_non_null(tab);
        size_t id = (size_t)strtoul(p, NULL, 10);
        uint32_t gold = eval_mask(m, tab + 1, strlen(tab + 1));
        size_t alen = 0;
        char *answer = eval_counselchat_answer(jsonl, id, &alen);
        assert_non_null(answer);
        attune_result *r;
        assert_int_equal(attune_classify_text(m, answer, alen, NULL, &r, NULL), 0);
        uint32_t pred = eval_predicted(r, 0);
        eval_add(&c, attune_model_theme_count(m), gold, pred);
        char item[32];
        snprintf(item, sizeof item, "%zu", id);
        dump("cc", item, m, r, gold);
        dump_features("cc", item, r, NULL, gold);
        if (verbose() && pred != gold) {
            printf("cc %zu (%zu words)", id, attune_result_unit_words(r, 0));
            print_mask(m, "gold", gold);
            print_mask(m, "pred", pred);
            print_scores(m, r);
            printf("\n");
        }
        attune_result_free(r);
        free(answer);
        p = nl;
    }
    double macro;
    double micro = eval_report("CounselChat answers labeled by meaning", m, &c, &macro);
    assert_int_equal(c.items, 150);
    assert_true(micro >= 0.7);
    assert_true(macro >= 0.65);
    free(jsonl);
    free(tsv);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_sections),
        cmocka_unit_test(test_seed_documents),
        cmocka_unit_test(test_counselchat_by_meaning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
