/* expand.c: read an index's synonym table; see expand.h. */
#include "expand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_schema.h"

int silk_expand_load(silk_syn_t **out, silk_db_t *db, silk_analyzer_t *a)
{
    char *text = NULL, err[512];
    silk_syn_t *s = NULL;
    *out = NULL;
    if (silk_db_get_metadata(db, SILK_META_SYNONYMS, &text) != SILK_OK) {
        fprintf(stderr, "silk-query: cannot read the index's synonyms: %s\n",
                silk_errmsg());
        return -1;
    }
    if (text[0] == '\0') {
        free(text);
        return 0;
    }
    if ((s = silk_syn_new(a)) == NULL) {
        free(text);
        fputs("silk-query: out of memory reading the synonyms\n", stderr);
        return -1;
    }
    if (silk_syn_add_text(s, text, strlen(text), SILK_META_SYNONYMS, err,
                          sizeof err) != 0)
        fprintf(stderr, "silk-query: warning: the index's synonyms stop at "
                "%s (rebuild it with silk-index --rebuild)\n", err);
    free(text);
    *out = s;
    return 0;
}
