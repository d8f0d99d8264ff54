/* index_synonyms.c: read, check and store an index's synonym table; see
 * index_synonyms.h.
 */
#include "index_synonyms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "silk_schema.h"
#include "synonyms.h"

/* Largest synonym file read: a table is a few thousand lines at most, and
 * it is stored in the index's metadata and parsed by every query run. */
#define SYN_FILE_MAX (16u << 20)

/* The whole file at path, malloc'ed and NUL-terminated, into *out and
 * *len. Returns 0, or -1 after printing why. */
static int slurp(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    *out = NULL;
    if (f == NULL) {
        fprintf(stderr, "silk-index: cannot read the synonyms file %s: %s\n",
                path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 8192;
            char *b = realloc(buf, cap);
            if (b == NULL) {
                fprintf(stderr, "silk-index: out of memory reading %s\n", path);
                goto fail;
            }
            buf = b;
        }
        size_t k = fread(buf + n, 1, 4096, f);
        n += k;
        if (n > SYN_FILE_MAX) {
            fprintf(stderr, "silk-index: the synonyms file %s is over 16 MB: "
                    "split it or trim it\n", path);
            goto fail;
        }
        if (k < 4096)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "silk-index: cannot read the synonyms file %s: %s\n",
                path, strerror(errno));
        goto fail;
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
fail:
    fclose(f);
    free(buf);
    return -1;
}

int silk_index_synonyms_read(const char *path, const char *lang, char **out)
{
    silk_analyzer_t *a = silk_analyzer_new(lang ? lang : "english");
    silk_syn_t *s = a ? silk_syn_new(a) : NULL;
    char *text = NULL, err[512];
    size_t len = 0;
    int rc = -1;
    *out = NULL;
    if (s == NULL) {
        /* an unknown --lang is reported by the pipeline */
        if (a == NULL)
            rc = 0;
        else
            fputs("silk-index: out of memory reading the synonyms\n", stderr);
        goto done;
    }
    const char *b = silk_syn_builtin();
    if (silk_syn_add_text(s, b, strlen(b), "synonyms.txt", err, sizeof err) != 0) {
        fprintf(stderr, "silk-index: %s\n", err);
        goto done;
    }
    if (path != NULL) {
        if (slurp(path, &text, &len) != 0)
            goto done;
        if (silk_syn_add_text(s, text, len, path, err, sizeof err) != 0) {
            fprintf(stderr, "silk-index: %s\n", err);
            goto done;
        }
    }
    if ((*out = silk_syn_format(s)) == NULL) {
        fputs("silk-index: out of memory reading the synonyms\n", stderr);
        goto done;
    }
    rc = 0;
done:
    free(text);
    silk_syn_free(s);
    silk_analyzer_free(a);
    return rc;
}

int silk_index_synonyms_store(silk_db_t *db, const char *text, int keep)
{
    if (text == NULL)
        return 0;
    if (keep) {
        char *have = NULL;
        if (silk_db_get_metadata(db, SILK_META_SYNONYMS, &have) != SILK_OK) {
            fprintf(stderr, "silk-index: cannot read the synonyms: %s\n",
                    silk_errmsg());
            return -1;
        }
        int has = have[0] != '\0';
        free(have);
        if (has)
            return 0;
    }
    if (silk_db_set_metadata(db, SILK_META_SYNONYMS, text) != SILK_OK) {
        fprintf(stderr, "silk-index: cannot write the synonyms: %s\n",
                silk_errmsg());
        return -1;
    }
    return 0;
}
