/* Options and plain-text classification. */
#include "themes/themes_internal.h"

#include <string.h>

#define ATTUNE__DEFAULT_MAX_INPUT ((size_t)1 << 30)

int32_t attune_classify_options_init(attune_classify_options *opts) {
    if (!opts)
        return ATTUNE_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->size = (uint32_t)sizeof *opts;
    return ATTUNE_OK;
}

int32_t attune__classify_check(const attune_model **model, const attune_classify_options *opts,
                               attune_result **out, attune_error *err) {
    if (out)
        *out = NULL;
    if (!out)
        return attune__fail(err, ATTUNE_EINVAL, "out is NULL", ATTUNE_NO_OFFSET);
    attune_classify_options o;
    attune_classify_options_init(&o);
    if (opts) {
        int32_t rc = attune__options_read(&o, sizeof o, opts, err);
        if (rc)
            return rc;
    }
    if (o.flags != 0)
        return attune__fail(err, ATTUNE_EINVAL, "unknown classify flags", ATTUNE_NO_OFFSET);
    if (!*model)
        *model = attune_model_default();
    if (!*model)
        return attune__fail(err, ATTUNE_ENOMEM, "the default model could not be built",
                            ATTUNE_NO_OFFSET);
    if (!(*model)->finalized)
        return attune__fail(err, ATTUNE_EINVAL, "model is not finalized", ATTUNE_NO_OFFSET);
    return ATTUNE_OK;
}

int32_t attune__classify_parts(const attune_model *model, const attune__part *parts, size_t n,
                               attune_result **out, attune_error *err) {
    attune_result *r;
    attune__scan scan;
    *out = NULL;
    if (attune__result_new(model, &r))
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    if (attune__scan_init(&scan, model)) {
        attune_result_free(r);
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    size_t doc, sec;
    int32_t rc = attune__result_add_unit(r, ATTUNE_UNIT_DOCUMENT, NULL, &doc);
    rc = rc ? rc : attune__result_add_unit(r, ATTUNE_UNIT_SECTION, NULL, &sec);
    r->nsections = 1;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t blk;
        rc = attune__result_add_unit(r, ATTUNE_UNIT_BLOCK, NULL, &blk);
        rc = rc ? rc
                : attune__scan_text(&scan, r, blk, parts[i].text ? parts[i].text : "", parts[i].len,
                                    NULL, parts[i].heading ? model->heading_factor : 1.0);
        if (!rc) {
            attune__result_merge(r, sec, blk);
            attune__result_cover(r, doc, blk);
        }
    }
    attune__scan_free(&scan);
    if (!rc) {
        /* the section's line: the line of the first word of the first part */
        size_t line = 1;
        if (n && r->nunits > 2) {
            const attune__runit *b = &r->units[2];
            if (b->start <= b->end)
                for (size_t i = 0; i < b->start; i++)
                    line += parts[0].text[i] == '\n';
        }
        r->units[sec].line = line;
        rc = attune__result_finish(r);
    }
    if (rc) {
        attune_result_free(r);
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    *out = r;
    return ATTUNE_OK;
}

int32_t attune_classify_text(const attune_model *model, const char *ptr, size_t len,
                             const attune_classify_options *opts, attune_result **out,
                             attune_error *err) {
    int32_t rc = attune__classify_check(&model, opts, out, err);
    if (rc)
        return rc;
    if (!ptr && len)
        return attune__fail(err, ATTUNE_EINVAL, "text is NULL", ATTUNE_NO_OFFSET);
    attune_classify_options o;
    attune_classify_options_init(&o);
    if (opts)
        attune__options_read(&o, sizeof o, opts, NULL); /* checked above */
    size_t max = o.max_input ? o.max_input : ATTUNE__DEFAULT_MAX_INPUT;
    if (len > max)
        return attune__fail(err, ATTUNE_ELIMIT, "input larger than max_input", max);
    attune__part part = {ptr ? ptr : "", len, false};
    return attune__classify_parts(model, &part, 1, out, err);
}
