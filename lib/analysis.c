/* analysis.c: silk_analyze over the analyser (stem/analyzer.h). */
#include "silk_int.h"

_Static_assert(SILK_TEXT_JOINED == SILK_TOKEN_JOINED &&
               SILK_TEXT_NUMBER == SILK_TOKEN_NUMBER &&
               SILK_TEXT_CJK == SILK_TOKEN_CJK,
               "silk.h's token flags are the analyser's");

typedef struct relay {
    silk_text_token_fn cb;
    void *ctx;
} relay_t;

static int relay_token(void *ctx, const silk_token_t *tok)
{
    const relay_t *r = ctx;
    silk_text_token_t t = {
        .pos = tok->pos, .start = tok->start, .end = tok->end,
        .norm = tok->norm, .stem = tok->stem, .flags = tok->flags,
    };
    return r->cb(r->ctx, &t);
}

silk_status_t silk_analyze(const char *language, const char *text,
                           size_t len, silk_text_token_fn cb, void *ctx)
{
    silk_analyzer_t *a = silk_analyzer_new(language);
    relay_t r = { cb, ctx };
    int rc;

    if (!a)
        return silk_fail(SILK_INVALID, "unknown language '%s' (try "
                         "silk-stem --list-languages)",
                         language ? language : "english");
    rc = silk_analyzer_run(a, text, len, 0, relay_token, &r);
    silk_analyzer_free(a);
    if (rc < 0)
        return silk_fail(SILK_NO_MEMORY, "out of memory");
    return SILK_OK;
}

const char *const *silk_languages(void)
{
    return (const char *const *)silk_analyzer_languages();
}
