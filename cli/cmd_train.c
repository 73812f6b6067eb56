/* attune train: fit a theme model on a file in fastText's training format. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void train_usage(FILE *f) {
    fprintf(
        f,
        "usage: attune train -i FILE -o MODEL [OPTIONS]\n"
        "Trains a theme model on FILE ('-' for standard input) in fastText's format,\n"
        "one example a line: __label__a __label__b text. Writes the model to MODEL.\n"
        "  --epochs N          passes over the data (default 12; also -epoch)\n"
        "  --lr X              initial learning rate (default 1.0; also -lr)\n"
        "  --l2 X              L2 regularization (default 1e-4)\n"
        "  --word-ngrams N     1: words, 2: words and word pairs (default 2; also -wordNgrams)\n"
        "  --min-count N       examples a word must occur in (default 2; also -minCount)\n"
        "  --min-count-ngrams N  examples a word pair must occur in (default 4 x min-count)\n"
        "  --seed N            random seed (default 1; also -seed)\n"
        "  --threads N         worker threads; the model does not depend on them (also -thread)\n"
        "  --cv-folds N        folds for choosing thresholds (default 3; 1: threshold 0.5)\n"
        "  -q, --quiet         print nothing on success\n");
}

/* The 1-based line of byte offset `off` in data. */
static size_t line_of(const char *data, size_t len, size_t off) {
    size_t line = 1;
    for (size_t i = 0; i < off && i < len; i++)
        line += data[i] == '\n';
    return line;
}

static int parse_u32(const char *opt, const char *s, uint32_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v > UINT32_MAX || s[0] == '-') {
        fprintf(stderr, "attune: train: %s needs a whole number, not '%s'\n", opt, s);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static int parse_double(const char *opt, const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end) {
        fprintf(stderr, "attune: train: %s needs a number, not '%s'\n", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int is_opt(const char *arg, const char *a, const char *b) {
    return strcmp(arg, a) == 0 || (b && strcmp(arg, b) == 0);
}

int cli_cmd_train(int argc, char **argv) {
    const char *in = NULL, *out = NULL;
    int quiet = 0;
    attune_train_options opts;
    attune_train_options_init(&opts);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_opt(a, "--help", "-h")) {
            train_usage(stdout);
            return CLI_OK;
        }
        if (is_opt(a, "-q", "--quiet")) {
            quiet = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "attune: train: unknown option or missing value: %s\n", a);
            train_usage(stderr);
            return CLI_ERROR;
        }
        const char *v = argv[++i];
        int bad = 0;
        uint32_t u = 0;
        if (is_opt(a, "-i", "--input"))
            in = v;
        else if (is_opt(a, "-o", "--output"))
            out = v;
        else if (is_opt(a, "--epochs", "-epoch"))
            bad = parse_u32(a, v, &opts.epochs);
        else if (is_opt(a, "--lr", "-lr"))
            bad = parse_double(a, v, &opts.learning_rate);
        else if (is_opt(a, "--l2", NULL))
            bad = parse_double(a, v, &opts.l2);
        else if (is_opt(a, "--word-ngrams", "-wordNgrams"))
            bad = parse_u32(a, v, &opts.word_ngrams);
        else if (is_opt(a, "--min-count", "-minCount"))
            bad = parse_u32(a, v, &opts.min_count);
        else if (is_opt(a, "--min-count-ngrams", NULL))
            bad = parse_u32(a, v, &opts.min_count_ngrams);
        else if (is_opt(a, "--seed", "-seed")) {
            bad = parse_u32(a, v, &u);
            opts.seed = u;
        } else if (is_opt(a, "--threads", "-thread"))
            bad = parse_u32(a, v, &opts.threads);
        else if (is_opt(a, "--cv-folds", NULL))
            bad = parse_u32(a, v, &opts.cv_folds);
        else {
            fprintf(stderr, "attune: train: unknown option %s\n", a);
            train_usage(stderr);
            return CLI_ERROR;
        }
        if (bad)
            return CLI_ERROR;
    }
    if (!in || !out) {
        train_usage(stderr);
        return CLI_ERROR;
    }
    char *data;
    size_t len;
    if (cli_read_file(in, &data, &len) != 0)
        return CLI_ERROR;
    attune_error err;
    attune_error_clear(&err);
    attune_trainer *trainer = NULL;
    attune_model *model = NULL;
    int status = CLI_OK;
    int32_t rc = attune_trainer_new(&trainer, &err);
    if (rc) {
        cli_report("train", rc, &err);
        free(data);
        return CLI_ERROR;
    }
    rc = attune_trainer_add_fasttext(trainer, data, len, &err);
    if (rc) {
        if (err.offset != ATTUNE_NO_OFFSET)
            fprintf(stderr, "attune: train: %s:%zu: %s (byte %zu)\n", in,
                    line_of(data, len, err.offset), err.message, err.offset);
        else
            cli_report("train", rc, &err);
        status = rc == ATTUNE_ENOMEM ? CLI_ERROR : CLI_BAD_INPUT;
        goto done;
    }
    rc = attune_trainer_fit(trainer, &opts, &model, &err);
    if (rc) {
        cli_report("train", rc, &err);
        status = rc == ATTUNE_EINVAL ? CLI_BAD_INPUT : CLI_ERROR;
        goto done;
    }
    rc = attune_model_save(model, out, &err);
    if (rc) {
        cli_report(out, rc, &err);
        status = CLI_ERROR;
        goto done;
    }
    if (!quiet)
        fprintf(stderr, "attune: train: %zu examples, %zu labels, %zu entries -> %s\n",
                attune_trainer_example_count(trainer), attune_trainer_label_count(trainer),
                attune_model_entry_count(model), out);
done:
    attune_model_free(model);
    attune_trainer_free(trainer);
    free(data);
    return status;
}
