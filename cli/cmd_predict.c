/* attune predict and attune test: a model's labels for each line of a file,
 * as fastText prints them, and precision / recall / F1 on labeled lines. */
#include "cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct predict_opts {
    const char *model;
    const char *input;
    long k;           /* at most k labels, -1: no limit */
    double threshold; /* < 0: the model's thresholds */
} predict_opts;

/* Options shared by predict and test; returns -1 after a message. */
static int parse_predict_args(const char *cmd, int argc, char **argv, predict_opts *o) {
    o->model = NULL;
    o->input = NULL;
    o->k = -1;
    o->threshold = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-m") == 0 || strcmp(a, "--model") == 0) {
            if (++i >= argc)
                goto missing;
            o->model = argv[i];
        } else if (strcmp(a, "-k") == 0) {
            if (++i >= argc)
                goto missing;
            char *end;
            errno = 0;
            o->k = strtol(argv[i], &end, 10);
            if (errno || *end || end == argv[i] || o->k < 1) {
                fprintf(stderr, "attune: %s: -k needs a number >= 1\n", cmd);
                return -1;
            }
        } else if (strcmp(a, "-t") == 0) {
            if (++i >= argc)
                goto missing;
            char *end;
            errno = 0;
            o->threshold = strtod(argv[i], &end);
            if (errno || *end || end == argv[i] || !(o->threshold >= 0 && o->threshold <= 1)) {
                fprintf(stderr, "attune: %s: -t needs a number from 0 to 1\n", cmd);
                return -1;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "attune: %s: unknown option %s\n", cmd, a);
            return -1;
        } else if (!o->input) {
            o->input = a;
        } else {
            fprintf(stderr, "attune: %s: more than one input file\n", cmd);
            return -1;
        }
    }
    if (!o->model) {
        fprintf(stderr, "attune: %s: -m MODEL is required\n", cmd);
        return -1;
    }
    return 0;
missing:
    fprintf(stderr, "attune: %s: %s needs a value\n", cmd, argv[argc - 1]);
    return -1;
}

typedef struct ranked {
    size_t theme;
    double score;
} ranked;

static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->theme < y->theme ? -1 : x->theme > y->theme;
}

/* The labels predicted for one line of text (label tokens in it are
 * ignored, as fastText does): their theme indexes in out[0..*n), highest
 * score first. */
static int32_t predict_line(const attune_model *model, char *line, size_t len,
                            const predict_opts *o, ranked *out, size_t *n, attune_error *err) {
    /* blank "__label__..." tokens */
    for (size_t i = 0; i < len;) {
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        size_t w = i;
        while (i < len && line[i] != ' ' && line[i] != '\t')
            i++;
        if (i - w >= 9 && memcmp(line + w, "__label__", 9) == 0)
            memset(line + w, ' ', i - w);
    }
    attune_result *r = NULL;
    int32_t rc = attune_classify_text(model, line, len, NULL, &r, err);
    if (rc)
        return rc;
    size_t count = 0, themes = attune_result_theme_count(r);
    for (size_t t = 0; t < themes; t++) {
        double score = 0;
        int32_t present = 0;
        attune_result_theme(r, 0, t, &score, &present);
        if (o->threshold >= 0 ? score >= o->threshold : present != 0)
            out[count++] = (ranked){t, score};
    }
    attune_result_free(r);
    qsort(out, count, sizeof *out, cmp_ranked);
    if (o->k > 0 && count > (size_t)o->k)
        count = (size_t)o->k;
    *n = count;
    return ATTUNE_OK;
}

/* What predict and test share: their arguments, the model and the input.
 * Returns CLI_OK, or the exit status after a message (nothing to free). */
static int open_job(const char *cmd, int argc, char **argv, int need_file, predict_opts *o,
                    attune_model **model, char **data, size_t *len) {
    if (parse_predict_args(cmd, argc, argv, o) != 0)
        return CLI_ERROR;
    if (need_file && !o->input) {
        fprintf(stderr, "attune: %s: a labeled FILE is required\n", cmd);
        return CLI_ERROR;
    }
    attune_error err;
    int32_t rc = attune_model_load(o->model, model, &err);
    if (rc) {
        char what[512];
        snprintf(what, sizeof what, "%s: %s", cmd, o->model);
        cli_report(what, rc, &err);
        return CLI_BAD_INPUT;
    }
    if (cli_read_file(o->input, data, len) != 0) {
        attune_model_free(*model);
        *model = NULL;
        return CLI_ERROR;
    }
    return CLI_OK;
}

int cli_cmd_predict(int argc, char **argv) {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: attune predict -m MODEL [-k N] [-t THRESHOLD] [FILE|-]\n"
               "For each line of FILE (standard input by default) prints the labels the\n"
               "model predicts, as fastText does (__label__x __label__y, highest score\n"
               "first), or an empty line when there is none.\n"
               "  -k N   at most N labels a line\n"
               "  -t T   every label scoring at least T (default: the model's thresholds)\n");
        return CLI_OK;
    }
    predict_opts o;
    attune_model *model = NULL;
    char *data = NULL;
    size_t len = 0;
    int st = open_job("predict", argc, argv, 0, &o, &model, &data, &len);
    if (st != CLI_OK)
        return st;
    size_t themes = attune_model_theme_count(model);
    ranked *best = malloc((themes ? themes : 1) * sizeof *best);
    char *out = NULL;
    size_t out_len = 0, out_cap = 0;
    int status = CLI_OK;
    if (!best) {
        fprintf(stderr, "attune: predict: out of memory\n");
        status = CLI_ERROR;
        goto done;
    }
    for (size_t pos = 0; pos < len;) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t n = 0;
        attune_error err;
        int32_t rc = predict_line(model, data + pos, end - pos, &o, best, &n, &err);
        if (rc) {
            cli_report("predict", rc, &err);
            status = CLI_ERROR;
            goto done;
        }
        for (size_t i = 0; i <= n; i++) {
            const char *id = i < n ? attune_model_theme_id(model, best[i].theme) : "";
            size_t need = strlen(id) + 12;
            if (out_len + need > out_cap) {
                size_t nc = out_cap ? out_cap * 2 : 65536;
                while (nc < out_len + need)
                    nc *= 2;
                char *p = realloc(out, nc);
                if (!p) {
                    fprintf(stderr, "attune: predict: out of memory\n");
                    status = CLI_ERROR;
                    goto done;
                }
                out = p;
                out_cap = nc;
            }
            if (i < n)
                out_len += (size_t)sprintf(out + out_len, "%s__label__%s", i ? " " : "", id);
        }
        out[out_len++] = '\n';
        pos = nl ? end + 1 : len;
    }
    if (cli_write(out, out_len) != 0)
        status = CLI_ERROR;
done:
    free(out);
    free(best);
    free(data);
    attune_model_free(model);
    return status;
}

int cli_cmd_test(int argc, char **argv) {
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: attune test -m MODEL [-k N] [-t THRESHOLD] FILE\n"
               "Predicts every line of FILE (fastText's format: __label__a text) and\n"
               "prints the number of lines, precision, recall, micro-F1 (over all\n"
               "label decisions) and macro-F1 (the mean F1 of the labels in FILE).\n");
        return CLI_OK;
    }
    predict_opts o;
    attune_model *model = NULL;
    char *data = NULL;
    size_t len = 0;
    int st = open_job("test", argc, argv, 1, &o, &model, &data, &len);
    if (st != CLI_OK)
        return st;
    size_t themes = attune_model_theme_count(model);
    /* per model label: tp, fp, fn, and whether it occurs in the file; plus
     * the occurrences of labels the model does not know (all missed) */
    double *tp = calloc(themes + 1, sizeof *tp), *fp = calloc(themes + 1, sizeof *fp);
    double *fn = calloc(themes + 1, sizeof *fn);
    char *seen = calloc(themes + 1, 1);
    ranked *best = malloc((themes + 1) * sizeof *best);
    char *gold = calloc(themes + 1, 1);
    size_t lines = 0, unknown_labels = 0;
    double unknown_fn = 0;
    char **unknown = NULL;
    int status = CLI_OK;
    if (!tp || !fp || !fn || !seen || !best || !gold) {
        fprintf(stderr, "attune: test: out of memory\n");
        status = CLI_ERROR;
        goto done;
    }
    for (size_t pos = 0; pos < len;) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        char *line = data + pos;
        size_t ll = end - pos;
        pos = nl ? end + 1 : len;
        size_t i = 0;
        bool any = false;
        memset(gold, 0, themes + 1);
        while (i < ll) {
            while (i < ll && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
                i++;
            size_t w = i;
            while (i < ll && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                i++;
            if (i > w)
                any = true;
            if (i - w <= 9 || memcmp(line + w, "__label__", 9) != 0)
                continue;
            int32_t t = attune_model_theme_index(model, line + w + 9, i - w - 9);
            if (t >= 0) {
                gold[t] = 1;
                continue;
            }
            /* a label the model does not know: count each distinct one */
            bool found = false;
            for (size_t u = 0; u < unknown_labels && !found; u++)
                found = strlen(unknown[u]) == i - w - 9 &&
                        memcmp(unknown[u], line + w + 9, i - w - 9) == 0;
            if (!found) {
                char **p = realloc(unknown, (unknown_labels + 1) * sizeof *p);
                char *copy = malloc(i - w - 8);
                if (!p || !copy) {
                    free(copy);
                    if (p)
                        unknown = p;
                    fprintf(stderr, "attune: test: out of memory\n");
                    status = CLI_ERROR;
                    goto done;
                }
                unknown = p;
                memcpy(copy, line + w + 9, i - w - 9);
                copy[i - w - 9] = '\0';
                unknown[unknown_labels++] = copy;
            }
            unknown_fn++;
        }
        if (!any)
            continue; /* blank line */
        lines++;
        size_t n = 0;
        attune_error err;
        int32_t rc = predict_line(model, line, ll, &o, best, &n, &err);
        if (rc) {
            cli_report("test", rc, &err);
            status = CLI_ERROR;
            goto done;
        }
        for (size_t t = 0; t < themes; t++) {
            bool p = false;
            for (size_t k = 0; k < n && !p; k++)
                p = best[k].theme == t;
            seen[t] |= gold[t];
            tp[t] += p && gold[t];
            fp[t] += p && !gold[t];
            fn[t] += !p && gold[t];
        }
    }
    double TP = 0, FP = 0, FN = unknown_fn, sum = 0;
    size_t labels = unknown_labels; /* unknown labels have F1 0 */
    for (size_t t = 0; t < themes; t++) {
        TP += tp[t];
        FP += fp[t];
        FN += fn[t];
        if (seen[t]) {
            labels++;
            sum += 2 * tp[t] / (2 * tp[t] + fp[t] + fn[t]);
        }
    }
    printf("N\t%zu\n", lines);
    printf("precision\t%.4f\n", TP + FP > 0 ? TP / (TP + FP) : 0.0);
    printf("recall\t%.4f\n", TP + FN > 0 ? TP / (TP + FN) : 0.0);
    printf("micro-F1\t%.4f\n", TP + FP + FN > 0 ? 2 * TP / (2 * TP + FP + FN) : 0.0);
    printf("macro-F1\t%.4f\n", labels ? sum / labels : 0.0);
    if (unknown_labels)
        printf("labels unknown to the model\t%zu\n", unknown_labels);
done:
    for (size_t u = 0; u < unknown_labels; u++)
        free(unknown[u]);
    free(unknown);
    free(tp);
    free(fp);
    free(fn);
    free(seen);
    free(best);
    free(gold);
    free(data);
    attune_model_free(model);
    return status;
}
