/* Fuzz the trainer's input paths: attune_trainer_add_fasttext on the bytes
 * (all or nothing: on failure the trainer keeps exactly what it had, and the
 * error offset lies inside the input), attune_trainer_add with labels cut
 * from the bytes, and, for small inputs that added labeled examples, a quick
 * fit whose model saves and loads again. */
#include <attune/attune.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_add_fasttext(const char *s, size_t n, int preload) {
    attune_trainer *t = NULL;
    if (attune_trainer_new(&t, NULL) != ATTUNE_OK)
        abort();
    if (preload) {
        const char *lab = "keep";
        size_t lab_len = 4;
        if (attune_trainer_add(t, "a kept example", 14, &lab, &lab_len, 1, NULL) != ATTUNE_OK)
            abort();
    }
    size_t ex0 = attune_trainer_example_count(t), lab0 = attune_trainer_label_count(t);
    attune_error err;
    int32_t rc = attune_trainer_add_fasttext(t, s, n, &err);
    if (rc != ATTUNE_OK) {
        if (rc != ATTUNE_EUTF8 && rc != ATTUNE_EPARSE && rc != ATTUNE_ELIMIT)
            abort();
        if (err.code != rc || err.message == NULL ||
            (err.offset != ATTUNE_NO_OFFSET && err.offset > n))
            abort();
        if (attune_trainer_example_count(t) != ex0 || attune_trainer_label_count(t) != lab0)
            abort();
    } else {
        size_t lines = 1;
        for (size_t i = 0; i < n; i++)
            lines += s[i] == '\n';
        if (attune_trainer_example_count(t) > ex0 + lines)
            abort();
        if (n <= 2048 && attune_trainer_label_count(t) > 0) {
            attune_train_options o;
            attune_train_options_init(&o);
            o.epochs = 1;
            o.cv_folds = 1;
            o.min_count = 1;
            attune_model *m = NULL;
            if (attune_trainer_fit(t, &o, &m, NULL) != ATTUNE_OK)
                abort();
            if (attune_model_theme_count(m) != attune_trainer_label_count(t))
                abort();
            char *saved = NULL;
            size_t saved_len = 0;
            if (attune_model_save_buffer(m, &saved, &saved_len, NULL) != ATTUNE_OK)
                abort();
            attune_model *m2 = NULL;
            if (attune_model_load_buffer(saved, saved_len, &m2, NULL) != ATTUNE_OK)
                abort();
            if (attune_model_theme_count(m2) != attune_model_theme_count(m))
                abort();
            attune_model_free(m2);
            attune_free(saved);
            attune_model_free(m);
        }
    }
    attune_trainer_free(t);
}

/* The bytes as "label1 label2 ...\ntext": labels are the space-separated
 * words of the first line. */
static void check_add(const char *s, size_t n) {
    const char *nl = memchr(s, '\n', n);
    if (!nl)
        return;
    const char *labels[16];
    size_t lens[16], k = 0;
    const char *p = s;
    while (p < nl && k < 16) {
        const char *sp = memchr(p, ' ', (size_t)(nl - p));
        const char *e = sp ? sp : nl;
        labels[k] = p;
        lens[k] = (size_t)(e - p);
        k++;
        p = e + 1;
    }
    const char *text = nl + 1;
    size_t tlen = n - (size_t)(text - s);
    attune_trainer *t = NULL;
    if (attune_trainer_new(&t, NULL) != ATTUNE_OK)
        abort();
    attune_error err;
    int32_t rc = attune_trainer_add(t, text, tlen, labels, lens, k, &err);
    if (rc == ATTUNE_OK) {
        if (attune_trainer_example_count(t) != 1 || attune_trainer_label_count(t) > k)
            abort();
    } else {
        if (rc != ATTUNE_EUTF8 && rc != ATTUNE_EPARSE && rc != ATTUNE_ELIMIT && rc != ATTUNE_EINVAL)
            abort();
        if (err.code != rc || err.message == NULL)
            abort();
        if (rc == ATTUNE_EUTF8 && err.offset > tlen)
            abort();
        if (attune_trainer_example_count(t) != 0 || attune_trainer_label_count(t) != 0)
            abort();
    }
    attune_trainer_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    switch (data[0] & 3) {
    case 0: check_add_fasttext(s, n, 0); break;
    case 1: check_add_fasttext(s, n, 1); break;
    default: check_add(s, n); break;
    }
    return 0;
}
