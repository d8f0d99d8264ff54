/* index_synonyms.c: read, check and store an index's synonym table; see
 * index_synonyms.h.
 */
#include "index_synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "silk_file.h"
#include "silk_schema.h"
#include "synonyms.h"

/* Largest synonym file read: a table is a few thousand lines at most, and
 * it is stored in the index's metadata and parsed by every query run. */
#define SYN_FILE_MAX (16u << 20)

/* The whole file at path (util/silk_file.h), malloc'ed and NUL-terminated,
 * into *out and *len. Returns 0, or -1 after printing why. */
static int slurp(const char *path, char **out, size_t *len)
{
    const char *why;
    switch (silk_file_read(out, len, path, SYN_FILE_MAX, &why)) {
    case SILK_OK:
        return 0;
    case SILK_NO_MEMORY:
        fprintf(stderr, "silk-index: out of memory reading %s\n", path);
        return -1;
    case SILK_INVALID:
        if (why == silk_file_too_large) {
            fprintf(stderr, "silk-index: the synonyms file %s is over 16 MB: "
                    "split it or trim it\n", path);
            return -1;
        }
        /* fall through */
    default:
        fprintf(stderr, "silk-index: cannot read the synonyms file %s: %s\n",
                path, why);
        return -1;
    }
}

int silk_index_synonyms_read(const char *path, const char *lang, char **out)
{
    silk_analyzer_t *a;
    silk_status_t st = silk_analyzer_open(&a, lang ? lang : "english");
    silk_syn_t *s = a ? silk_syn_new(a) : NULL;
    char *text = NULL, err[512];
    size_t len = 0;
    int rc = -1;
    *out = NULL;
    if (s == NULL) {
        /* an unknown --lang is reported by the pipeline */
        if (st == SILK_INVALID)
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
