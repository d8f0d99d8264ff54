/* pipeline_records.c: what the index knows of each article — its record
 * ("HASH NPASSAGES LINE PATH" in the index's metadata), the content hash
 * that tells a changed article from an unchanged one, and the tables of
 * records, interned paths and places met (util/silk_map.h). */
#define _XOPEN_SOURCE 700
#include "pipeline_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "silk_schema.h"

/* Hex digits of an XXH3-128 content hash. */
#define HASH_HEX 32

/* ---- tables (util/silk_map.h) ------------------------------------------ */

/* See pipeline_int.h. */
int silk_pipeline__record_put(run_t *r, record_t *rec)
{
    return silk_map_put(&r->records, rec->id, strlen(rec->id), rec);
}

/* See pipeline_int.h. */
record_t *silk_pipeline__record_get(const run_t *r, const char *id)
{
    return silk_map_get(&r->records, id, strlen(id));
}

/* See pipeline_int.h. */
const char *silk_pipeline__intern(silk_map_t *t, const char *s)
{
    size_t n = strlen(s);
    char *c = silk_map_get(t, s, n);
    if (c)
        return c;
    c = silk_pipeline__dup_str(s);
    if (!c || silk_map_put(t, c, n, c) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

/* See pipeline_int.h. */
void silk_pipeline__strings_free(silk_map_t *t)
{
    size_t pos = 0;
    void *v;
    while (silk_map_next(t, &pos, NULL, &v))
        free(v);
    silk_map_fini(t);
}

/* ---- article records in the index -------------------------------------- */

/* See pipeline_int.h. */
char *silk_pipeline__record_format(const unsigned char hash[16],
                                   size_t npassages,
                                   unsigned long line, const char *path)
{
    size_t n = HASH_HEX + 2 * 24 + strlen(path) + 4;
    char *s = malloc(n);
    if (!s)
        return NULL;
    for (int i = 0; i < 16; i++)
        snprintf(s + 2 * i, 3, "%02x", hash[i]);
    snprintf(s + HASH_HEX, n - HASH_HEX, " %zu %lu %s", npassages, line,
             path);
    return s;
}

/* Parse a record value into r (hash, line, path interned into paths).
 * A malformed record reads as hash 0 and no path: the article will count
 * as changed and be rewritten, and is never removed by path. */
static int record_parse(run_t *r, record_t *rec, const char *value)
{
    unsigned long np = 0, line = 0;
    int off = 0;
    bool ok = strlen(value) > HASH_HEX && value[HASH_HEX] == ' ';

    memset(rec->hash, 0, sizeof rec->hash);
    for (int i = 0; ok && i < 16; i++) {
        unsigned v;
        if (sscanf(value + 2 * i, "%2x", &v) != 1)
            ok = false;
        else
            rec->hash[i] = (unsigned char)v;
    }
    if (ok && sscanf(value + HASH_HEX, " %lu %lu %n", &np, &line, &off) >= 2 &&
        off > 0) {
        rec->path = silk_pipeline__intern(&r->paths, value + HASH_HEX + off);
        rec->line = line;
        return rec->path ? 0 : -1;
    }
    memset(rec->hash, 0, sizeof rec->hash);
    rec->path = silk_pipeline__intern(&r->paths, "");
    return rec->path ? 0 : -1;
}

/* See pipeline_int.h. */
int silk_pipeline__load_record(void *ctx, const char *key, const char *value)
{
    run_t *r = ctx;
    record_t *rec = calloc(1, sizeof *rec);

    if (!rec)
        return -1;
    rec->id = silk_pipeline__dup_str(key + strlen(SILK_META_ARTICLE));
    if (!rec->id || record_parse(r, rec, value) != 0 ||
        silk_pipeline__record_put(r, rec) != 0) {
        free(rec->id);
        free(rec);
        return -1;
    }
    rec->in_db = 1;
    return 0;
}

/* See pipeline_int.h. */
void silk_pipeline__content_hash(const silk_article_t *a, const char *path,
                                 const char *lang, unsigned char out[16])
{
    XXH3_state_t st; /* on the stack: no allocation, no failure path */
    XXH128_hash_t h;
    XXH128_canonical_t c;
    char schema[16];
    const char *fields[10];
    size_t lens[10];

    snprintf(schema, sizeof schema, "%d", SILK_SCHEMA_VERSION);
    fields[0] = schema;   lens[0] = strlen(schema);
    fields[1] = lang;     lens[1] = strlen(lang);
    fields[2] = a->id;    lens[2] = strlen(a->id);
    fields[3] = a->title; lens[3] = strlen(a->title);
    fields[4] = a->body;  lens[4] = a->body_len;
    fields[5] = a->date;  lens[5] = strlen(a->date);
    fields[6] = a->source; lens[6] = strlen(a->source);
    fields[7] = a->url;   lens[7] = strlen(a->url);
    fields[8] = a->extra; lens[8] = strlen(a->extra);
    fields[9] = path;     lens[9] = strlen(path);
    XXH3_128bits_reset(&st);
    for (int i = 0; i < 10; i++) {
        uint64_t n = lens[i];
        XXH3_128bits_update(&st, &n, sizeof n);
        XXH3_128bits_update(&st, fields[i], lens[i]);
    }
    h = XXH3_128bits_digest(&st);
    XXH128_canonicalFromHash(&c, h);
    memcpy(out, c.digest, 16);
}

