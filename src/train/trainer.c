/* The trainer handle: collecting examples from the API and from fastText's
 * training format. */
#include "train/fit.h"

#include <string.h>
#include <utf8proc.h>

int32_t attune_train_options_init(attune_train_options *opts) {
    if (!opts)
        return ATTUNE_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->size = (uint32_t)sizeof *opts;
    opts->epochs = 12;
    opts->learning_rate = 1.0;
    opts->l2 = 1e-4;
    opts->word_ngrams = 2;
    opts->min_count = 2;
    opts->seed = 1;
    opts->threads = 1;
    opts->cv_folds = 3;
    opts->min_count_ngrams = 0;
    return ATTUNE_OK;
}

int32_t attune_trainer_new(attune_trainer **out, attune_error *err) {
    if (!out)
        return attune__fail(err, ATTUNE_EINVAL, "out is NULL", ATTUNE_NO_OFFSET);
    *out = NULL;
    attune_trainer *t = attune__calloc(1, sizeof *t);
    if (!t)
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory creating a trainer",
                            ATTUNE_NO_OFFSET);
    *out = t;
    return ATTUNE_OK;
}

void attune_trainer_free(attune_trainer *trainer) {
    if (!trainer)
        return;
    attune__examples_free(&trainer->ex);
    attune__free(trainer);
}

size_t attune_trainer_example_count(const attune_trainer *trainer) {
    return trainer ? trainer->ex.n : 0;
}

size_t attune_trainer_label_count(const attune_trainer *trainer) {
    return trainer ? trainer->ex.labels.count : 0;
}

static int32_t reserve_examples(attune__examples *ex, uint32_t more_labels) {
    if (ex->n == ex->cap) {
        if (ex->n >= ATTUNE__TRAIN_MAX_EXAMPLES)
            return ATTUNE_ELIMIT;
        uint32_t nc = ex->cap ? ex->cap * 2 : 256;
        size_t *o = attune__realloc_array(ex->text_off, nc, sizeof *o);
        if (!o)
            return ATTUNE_ENOMEM;
        ex->text_off = o;
        size_t *l = attune__realloc_array(ex->text_len, nc, sizeof *l);
        if (!l)
            return ATTUNE_ENOMEM;
        ex->text_len = l;
        uint32_t *r = attune__realloc_array(ex->lab_row, (size_t)nc + 1, sizeof *r);
        if (!r)
            return ATTUNE_ENOMEM;
        ex->lab_row = r;
        if (ex->n == 0)
            ex->lab_row[0] = 0;
        ex->cap = nc;
    }
    if (ex->lab_len + more_labels > ex->lab_cap) {
        if (more_labels > UINT32_MAX / 4 || ex->lab_len > UINT32_MAX / 4)
            return ATTUNE_ELIMIT;
        uint32_t nc = ex->lab_cap ? ex->lab_cap : 512;
        while (nc < ex->lab_len + more_labels)
            nc *= 2;
        uint32_t *c = attune__realloc_array(ex->lab_col, nc, sizeof *c);
        if (!c)
            return ATTUNE_ENOMEM;
        ex->lab_col = c;
        ex->lab_cap = nc;
    }
    return ATTUNE_OK;
}

/* Appends one example. On failure the example set is as before, except
 * for labels interned in the name table (rolled back by the caller through
 * label_mark when needed). */
static int32_t add_example(attune__examples *ex, const char *text, size_t len,
                           const char *const *labels, const size_t *label_lens, size_t nlabels,
                           attune_error *err) {
    if (nlabels > ATTUNE__TRAIN_MAX_LABELS)
        return attune__fail(err, ATTUNE_ELIMIT, "too many labels on one example", ATTUNE_NO_OFFSET);
    int32_t rc = reserve_examples(ex, (uint32_t)nlabels);
    if (rc)
        return attune__fail(
            err, rc, rc == ATTUNE_ENOMEM ? "out of memory adding an example" : "too many examples",
            ATTUNE_NO_OFFSET);
    uint32_t base = ex->lab_len, count = 0;
    for (size_t i = 0; i < nlabels; i++) {
        uint32_t id;
        bool added;
        uint32_t h = attune__hash_bytes(labels[i], label_lens[i]);
        if (attune__strmap_find(&ex->labels, labels[i], label_lens[i], h) == UINT32_MAX &&
            ex->labels.count >= ATTUNE__TRAIN_MAX_LABELS)
            return attune__fail(err, ATTUNE_ELIMIT, "more than 4096 distinct labels",
                                ATTUNE_NO_OFFSET);
        rc = attune__strmap_intern(&ex->labels, labels[i], label_lens[i], h, &id, &added);
        if (rc)
            return attune__fail(err, rc, "out of memory adding a label", ATTUNE_NO_OFFSET);
        /* insert sorted, without duplicates */
        uint32_t k = 0;
        while (k < count && ex->lab_col[base + k] < id)
            k++;
        if (k < count && ex->lab_col[base + k] == id)
            continue;
        memmove(ex->lab_col + base + k + 1, ex->lab_col + base + k,
                (count - k) * sizeof *ex->lab_col);
        ex->lab_col[base + k] = id;
        count++;
    }
    size_t off = ex->text.len;
    rc = attune__buf_append(&ex->text, text, len);
    if (rc)
        return attune__fail(err, rc, "out of memory adding an example", ATTUNE_NO_OFFSET);
    ex->text_off[ex->n] = off;
    ex->text_len[ex->n] = len;
    ex->lab_len = base + count;
    ex->n++;
    ex->lab_row[ex->n] = ex->lab_len;
    return ATTUNE_OK;
}

/* Returns the example set to a state saved with save_state (labels that
 * were interned since are forgotten too). */
typedef struct ex_state {
    uint32_t n, lab_len, nlabels;
    size_t text_len, arena_len;
} ex_state;

static ex_state save_state(const attune__examples *ex) {
    ex_state s = {ex->n, ex->lab_len, ex->labels.count, ex->text.len, ex->labels.arena.len};
    return s;
}

static void restore_state(attune__examples *ex, const ex_state *s) {
    ex->n = s->n;
    ex->lab_len = s->lab_len;
    ex->text.len = s->text_len;
    if (ex->text.data)
        ex->text.data[ex->text.len] = '\0';
    attune__strmap *m = &ex->labels;
    if (m->count != s->nlabels) {
        /* forget the new names and rebuild the table */
        m->count = s->nlabels;
        m->arena.len = s->arena_len;
        memset(m->slots, 0, (size_t)m->cap * sizeof *m->slots);
        for (uint32_t id = 0; id < m->count; id++) {
            uint32_t i = m->hashes[id] & (m->cap - 1);
            while (m->slots[i])
                i = (i + 1) & (m->cap - 1);
            m->slots[i] = id + 1;
        }
    }
}

int32_t attune_trainer_add(attune_trainer *trainer, const char *text, size_t len,
                           const char *const *labels, const size_t *label_lens, size_t nlabels,
                           attune_error *err) {
    if (!trainer || (!text && len) || (nlabels && (!labels || !label_lens)))
        return attune__fail(err, ATTUNE_EINVAL, "NULL argument", ATTUNE_NO_OFFSET);
    for (size_t i = 0; i < nlabels; i++) {
        if (!labels[i] || label_lens[i] == 0)
            return attune__fail(err, ATTUNE_EINVAL, "empty label name", ATTUNE_NO_OFFSET);
        if (label_lens[i] > ATTUNE__TRAIN_MAX_LABEL_LEN)
            return attune__fail(err, ATTUNE_ELIMIT, "label name longer than 200 bytes",
                                ATTUNE_NO_OFFSET);
        utf8proc_int32_t cp;
        for (size_t k = 0; k < label_lens[i];) {
            utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)labels[i] + k,
                                                  (utf8proc_ssize_t)(label_lens[i] - k), &cp);
            if (r <= 0 || cp <= ' ' || cp == '=' || cp == ':' || cp == 0x7f)
                return attune__fail(err, ATTUNE_EINVAL,
                                    "label name with white space, '=', ':', a control "
                                    "character or ill-formed UTF-8",
                                    ATTUNE_NO_OFFSET);
            k += (size_t)r;
        }
    }
    utf8proc_int32_t cp;
    for (size_t k = 0; k < len;) {
        if ((unsigned char)text[k] < 0x80) {
            k++;
            continue;
        }
        size_t avail = len - k < 4 ? len - k : 4;
        utf8proc_ssize_t r =
            utf8proc_iterate((const utf8proc_uint8_t *)text + k, (utf8proc_ssize_t)avail, &cp);
        if (r <= 0)
            return attune__fail(err, ATTUNE_EUTF8, "ill-formed UTF-8 in the example text", k);
        k += (size_t)r;
    }
    ex_state s = save_state(&trainer->ex);
    int32_t rc = add_example(&trainer->ex, text, len, labels, label_lens, nlabels, err);
    if (rc)
        restore_state(&trainer->ex, &s);
    return rc;
}

static int32_t add_line(void *ud, const attune__ft_line *line, attune_error *err) {
    attune_trainer *t = ud;
    int32_t rc = add_example(&t->ex, line->text, line->text_len, line->label_ptrs, line->label_lens,
                             line->nlabels, err);
    if (rc && err && err->offset == ATTUNE_NO_OFFSET)
        err->offset = line->line_offset;
    return rc;
}

int32_t attune_trainer_add_fasttext(attune_trainer *trainer, const char *data, size_t len,
                                    attune_error *err) {
    if (!trainer || (!data && len))
        return attune__fail(err, ATTUNE_EINVAL, "NULL argument", ATTUNE_NO_OFFSET);
    /* the texts take at most len bytes: one allocation instead of a
     * doubling copy */
    if (attune__buf_reserve(&trainer->ex.text, len) != ATTUNE_OK)
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory adding examples", ATTUNE_NO_OFFSET);
    ex_state s = save_state(&trainer->ex);
    int32_t rc = attune__ft_read(data, len, add_line, trainer, err);
    if (rc)
        restore_state(&trainer->ex, &s);
    return rc;
}

int32_t attune_trainer_fit(const attune_trainer *trainer, const attune_train_options *opts,
                           attune_model **out, attune_error *err) {
    if (!out)
        return attune__fail(err, ATTUNE_EINVAL, "out is NULL", ATTUNE_NO_OFFSET);
    *out = NULL;
    if (!trainer)
        return attune__fail(err, ATTUNE_EINVAL, "trainer is NULL", ATTUNE_NO_OFFSET);
    attune__trained tr;
    int32_t rc = attune__train_fit(trainer, opts, &tr, err);
    if (rc)
        return rc;
    rc = attune__trained_to_model(&tr, ATTUNE__TRAIN_PRUNE, out, err);
    attune__trained_free(&tr);
    return rc;
}
