/* passage_data.c: a passage's document data <-> its stored JSON (see
 * passage_data.h). The key order is the format's: indexes written before
 * this codec existed hold the same bytes. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "passage_data.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* See passage_data.h. */
int silk_passage_data_encode(const silk_passage_data_t *d, char **out,
                             size_t *len)
{
    json_t *o = json_object(), *extra = NULL;
    bool title = d->span && strcmp(d->span, "title") == 0;
    int rc = -1;

    *out = NULL;
    *len = 0;
    if (!o ||
        json_object_set_new(o, "article", json_string(d->article)) ||
        json_object_set_new(o, "passage", json_integer(d->passage)) ||
        json_object_set_new(o, "title", json_string(d->title)) ||
        json_object_set_new(o, "date", json_string(d->date)) ||
        json_object_set_new(o, "source", json_string(d->source)) ||
        json_object_set_new(o, "url", json_string(d->url)) ||
        json_object_set_new(o, "path", json_string(d->path)) ||
        json_object_set_new(o, "start", json_integer(d->start)) ||
        json_object_set_new(o, "end", json_integer(d->end)) ||
        json_object_set_new(o, "span", json_string(d->span)) ||
        json_object_set_new(o, "text", json_stringn(d->text, d->text_len)))
        goto done;
    /* A headline-only article's one passage is its title, not a span of
     * its (empty) body: said twice, for readers older than "span". */
    if (title && json_object_set_new(o, "field", json_string("title")))
        goto done;
    if (d->extra) {
        extra = json_loads(d->extra, 0, NULL);
        if (!json_is_object(extra)) {
            json_decref(extra);
            if (!(extra = json_object()))
                goto done;
        }
        if (json_object_set_new(o, "extra", extra))
            goto done;
    }
    *out = json_dumps(o, JSON_COMPACT);
    if (*out) {
        *len = strlen(*out);
        rc = 0;
    }
done:
    json_decref(o);
    return rc;
}

/* The string member key of o, or "" when absent or not a string; its
 * length in *len when len is not NULL. */
static const char *str_of(const json_t *o, const char *key, size_t *len)
{
    const json_t *v = json_object_get(o, key);

    if (!json_is_string(v)) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = json_string_length(v);
    return json_string_value(v);
}

/* The integer member key of o, or -1. */
static long long_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

/* See passage_data.h. */
int silk_passage_data_decode(silk_passage_data_t *d, const char *data,
                             size_t len)
{
    json_t *o = data ? json_loadb(data, len, 0, NULL) : NULL;

    memset(d, 0, sizeof *d);
    if (o && !json_is_object(o)) {
        json_decref(o);
        o = NULL;
    }
    /* An empty object stands for data that is not the schema's. */
    if (!o && !(o = json_object()))
        return -1;
    d->json_ = o;
    d->article = str_of(o, "article", NULL);
    d->passage = long_of(o, "passage");
    d->title = str_of(o, "title", NULL);
    d->date = str_of(o, "date", NULL);
    d->source = str_of(o, "source", NULL);
    d->url = str_of(o, "url", NULL);
    d->path = str_of(o, "path", NULL);
    d->start = long_of(o, "start");
    d->end = long_of(o, "end");
    d->text = str_of(o, "text", &d->text_len);
    /* An index written before spans were labelled has none: its offsets
     * are the article text's, or its title's (docs/index-format.md). */
    d->span = str_of(o, "span", NULL);
    if (!*d->span)
        d->span = json_is_string(json_object_get(o, "field")) ? "title"
                                                              : "text";
    return 0;
}

/* See passage_data.h. */
char *silk_passage_data_extra(const silk_passage_data_t *d)
{
    json_t *x = d->json_ ? json_object_get(d->json_, "extra") : NULL;

    return json_is_object(x) ? json_dumps(x, JSON_COMPACT) : strdup("{}");
}

/* See passage_data.h. */
void silk_passage_data_clear(silk_passage_data_t *d)
{
    json_decref(d->json_);
    memset(d, 0, sizeof *d);
}
