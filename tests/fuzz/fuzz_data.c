/* fuzz_data.c: fuzz the passage-data decoder (schema/passage_data.h) with
 * any bytes. Checks: it reads nothing outside the input (ASan); every
 * string is set and NUL-terminated within what it says; bytes that are
 * not a record decode as empty; a record that decodes encodes again, and
 * that decodes to the same fields (extra as the encoder keeps it).
 */
#include <string.h>

#include "fuzz.h"
#include "passage_data.h"

/* Every string of d is set; text is text_len bytes before its NUL. */
static void check_strings(const silk_passage_data_t *d)
{
    const char *s[] = { d->article, d->text, d->country, d->ministry,
                        d->span, d->title, d->date, d->source, d->url,
                        d->path, d->subject, d->category };
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        FUZZ_CHECK(s[i] != NULL);
    FUZZ_CHECK(d->text[d->text_len] == '\0');
    FUZZ_CHECK(d->has_article == (d->extra != NULL));
}

/* Are a and b's fields the same (extra left out)? */
static int same(const silk_passage_data_t *a, const silk_passage_data_t *b)
{
    return a->passage == b->passage && a->start == b->start &&
           a->end == b->end && strcmp(a->span, b->span) == 0 &&
           a->text_len == b->text_len &&
           memcmp(a->text, b->text, a->text_len) == 0 &&
           strcmp(a->article, b->article) == 0 &&
           strcmp(a->country, b->country) == 0 &&
           strcmp(a->ministry, b->ministry) == 0 &&
           a->has_article == b->has_article &&
           strcmp(a->title, b->title) == 0 && strcmp(a->date, b->date) == 0 &&
           strcmp(a->source, b->source) == 0 && strcmp(a->url, b->url) == 0 &&
           strcmp(a->path, b->path) == 0 &&
           strcmp(a->subject, b->subject) == 0 &&
           strcmp(a->category, b->category) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    silk_passage_data_t d, back;
    char *bytes;
    size_t len;

    if (silk_passage_data_decode(&d, (const char *)data, size) != 0)
        abort();   /* out of memory: nothing to learn */
    check_strings(&d);
    if (d.passage < 0) {
        /* Not a record: empty. */
        FUZZ_CHECK(d.start == -1 && d.end == -1 && !d.has_article &&
                   d.text_len == 0 && strcmp(d.span, "text") == 0);
        silk_passage_data_clear(&d);
        return 0;
    }
    /* A passage 0 record without the article's fields re-encodes with
     * them (empty): compare what both have. */
    FUZZ_CHECK(silk_passage_data_encode(&d, &bytes, &len) == 0);
    FUZZ_CHECK(silk_passage_data_decode(&back, bytes, len) == 0);
    check_strings(&back);
    if (d.passage == 0 && !d.has_article)
        FUZZ_CHECK(back.has_article && strcmp(back.extra, "{}") == 0);
    else
        FUZZ_CHECK(same(&d, &back));
    silk_passage_data_clear(&back);
    silk_passage_data_clear(&d);
    free(bytes);
    return 0;
}
