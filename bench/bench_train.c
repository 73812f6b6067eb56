/* Training and prediction on CounselChat's dev.fasttext, single-threaded,
 * beside fastText (`fasttext supervised -loss ova -thread 1`, its default
 * multi-label setting, and `fasttext predict`) in the same run, each time
 * the best of 3.
 *
 * attune is timed twice: through the library (train: read the buffer, fit,
 * save the model file; predict: load the model, classify every line), and
 * as the `attune` program (`attune train --threads 1`, `attune predict`
 * writing its labels to /dev/null), which does what the fastText commands
 * do: start a process, read the file, write the model or the labels. The
 * speedups are printed for both. fastText runs in a temporary directory;
 * the peer rows are skipped with a note when `fasttext` is missing. */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <attune/attune.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int have_fasttext(void) { return system("command -v fasttext >/dev/null 2>&1") == 0; }

/* The text of every line without its labels, one a line (what both
 * predictors read). */
static char *strip_labels(const char *data, size_t len, size_t *out_len, size_t *lines) {
    char *out = malloc(len + 1);
    if (!out)
        exit(2);
    size_t o = 0, pos = 0;
    *lines = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t i = pos;
        int first = 1;
        while (i < end) {
            while (i < end && data[i] == ' ')
                i++;
            size_t w = i;
            while (i < end && data[i] != ' ')
                i++;
            if (i == w || (i - w >= 9 && memcmp(data + w, "__label__", 9) == 0))
                continue;
            if (!first)
                out[o++] = ' ';
            memcpy(out + o, data + w, i - w);
            o += i - w;
            first = 0;
        }
        out[o++] = '\n';
        (*lines)++;
        pos = end + 1;
    }
    *out_len = o;
    return out;
}

static double run_timed(const char *cmd) {
    double t = bench_now();
    int rc = system(cmd);
    t = bench_now() - t;
    if (rc != 0) {
        fprintf(stderr, "bench_train: command failed: %s\n", cmd);
        exit(2);
    }
    return t;
}

int main(void) {
    char path[4096];
    snprintf(path, sizeof path, "%s/data/counselchat/dev.fasttext", bench_shared_dir());
    size_t len;
    char *data = bench_read_file(path, &len);
    size_t text_len, lines;
    char *text = strip_labels(data, len, &text_len, &lines);
    char dir[] = "/tmp/attune-bench-train-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    char model_path[4200], text_path[4200], cmd[12000];
    snprintf(model_path, sizeof model_path, "%s/attune.model", dir);
    snprintf(text_path, sizeof text_path, "%s/text.txt", dir);
    FILE *f = fopen(text_path, "wb");
    if (!f || fwrite(text, 1, text_len, f) != text_len || fclose(f) != 0) {
        perror(text_path);
        return 2;
    }
    printf("dev.fasttext: %zu bytes, %zu examples; single-threaded\n", len, lines);

    /* attune: read, fit, write the model (best of 3) */
    double best_train = 1e9;
    for (int r = 0; r < 3; r++) {
        double t = bench_now();
        attune_trainer *tr = NULL;
        attune_model *m = NULL;
        attune_error err;
        attune_train_options o;
        attune_train_options_init(&o);
        o.threads = 1;
        if (attune_trainer_new(&tr, &err) || attune_trainer_add_fasttext(tr, data, len, &err) ||
            attune_trainer_fit(tr, &o, &m, &err) || attune_model_save(m, model_path, &err)) {
            fprintf(stderr, "bench_train: attune training failed: %s\n", err.message);
            return 2;
        }
        t = bench_now() - t;
        if (t < best_train)
            best_train = t;
        attune_model_free(m);
        attune_trainer_free(tr);
    }
    bench_row("attune train (fit + save)", len, best_train);

    /* attune: load the model, then the labels of every line (best of 3) */
    double best_predict = 1e9;
    size_t predicted = 0;
    for (int r = 0; r < 3; r++) {
        double t = bench_now();
        attune_model *m = NULL;
        attune_error err;
        if (attune_model_load(model_path, &m, &err)) {
            fprintf(stderr, "bench_train: loading the model failed: %s\n", err.message);
            return 2;
        }
        size_t themes = attune_model_theme_count(m), count = 0;
        for (size_t pos = 0; pos < text_len;) {
            const char *nl = memchr(text + pos, '\n', text_len - pos);
            size_t end = nl ? (size_t)(nl - text) : text_len;
            attune_result *res = NULL;
            if (attune_classify_text(m, text + pos, end - pos, NULL, &res, &err)) {
                fprintf(stderr, "bench_train: classify failed: %s\n", err.message);
                return 2;
            }
            for (size_t i = 0; i < themes; i++) {
                int32_t present = 0;
                attune_result_theme(res, 0, i, NULL, &present);
                count += present != 0;
            }
            attune_result_free(res);
            pos = end + 1;
        }
        t = bench_now() - t;
        if (t < best_predict)
            best_predict = t;
        predicted = count;
        attune_model_free(m);
    }
    bench_row("attune predict (load + lines)", text_len, best_predict);
    printf("  (%zu labels predicted)\n", predicted);

    /* the same through the attune program */
    double cli_train = 0, cli_predict = 0;
#ifdef ATTUNE_CLI_PATH
    cli_train = 1e9;
    cli_predict = 1e9;
    for (int r = 0; r < 3; r++) {
        snprintf(cmd, sizeof cmd, "'%s' train -i '%s' -o '%s/cli.model' --threads 1 -q",
                 ATTUNE_CLI_PATH, path, dir);
        double t = run_timed(cmd);
        if (t < cli_train)
            cli_train = t;
    }
    bench_row("attune train (program)", len, cli_train);
    for (int r = 0; r < 3; r++) {
        snprintf(cmd, sizeof cmd, "'%s' predict -m '%s/cli.model' '%s' >/dev/null", ATTUNE_CLI_PATH,
                 dir, text_path);
        double t = run_timed(cmd);
        if (t < cli_predict)
            cli_predict = t;
    }
    bench_row("attune predict (program)", text_len, cli_predict);
#endif

    if (!have_fasttext()) {
        printf("  fasttext not installed: peer skipped\n");
    } else {
        double ft_train = 1e9;
        for (int r = 0; r < 3; r++) {
            snprintf(cmd, sizeof cmd,
                     "fasttext supervised -input '%s' -output '%s/ft' -loss ova -thread 1 "
                     "-verbose 0 >/dev/null 2>&1",
                     path, dir);
            double t = run_timed(cmd);
            if (t < ft_train)
                ft_train = t;
        }
        bench_row("fasttext supervised -loss ova", len, ft_train);
        double ft_predict = 1e9;
        for (int r = 0; r < 3; r++) {
            snprintf(cmd, sizeof cmd, "fasttext predict '%s/ft.bin' '%s' -1 0.5 >/dev/null", dir,
                     text_path);
            double t = run_timed(cmd);
            if (t < ft_predict)
                ft_predict = t;
        }
        bench_row("fasttext predict -1 0.5", text_len, ft_predict);
        printf("  library: train: attune %.1fx fastText; predict: %.1fx; train + predict: "
               "%.1fx\n",
               ft_train / best_train, ft_predict / best_predict,
               (ft_train + ft_predict) / (best_train + best_predict));
        if (cli_train > 0)
            printf("  program: train: attune %.1fx fastText; predict: %.1fx; train + predict: "
                   "%.1fx\n",
                   ft_train / cli_train, ft_predict / cli_predict,
                   (ft_train + ft_predict) / (cli_train + cli_predict));
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_train: could not remove %s\n", dir);
    free(text);
    free(data);
    return 0;
}
