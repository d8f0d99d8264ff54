/* silk_test_setmeta.c: a test tool — set one metadata key of a Xapian
 * database and commit: "silk-test-setmeta INDEX KEY VALUE". The CLI tests
 * use it to make an index look as an older (or newer) silk wrote it
 * (silk:schema), which no silk tool may do. Exit 0, or 2 with a message.
 */
#include <stdio.h>

#include "silk_xapian.h"

int main(int argc, char **argv)
{
    silk_db_t *db = NULL;

    if (argc != 4) {
        fputs("usage: silk-test-setmeta INDEX KEY VALUE\n", stderr);
        return 2;
    }
    if (silk_db_open_write(&db, argv[1], 0, 0) != SILK_OK ||
        silk_db_set_metadata(db, argv[2], argv[3]) != SILK_OK ||
        silk_db_commit(db) != SILK_OK) {
        fprintf(stderr, "silk-test-setmeta: %s\n", silk_errmsg());
        silk_db_free(db);
        return 2;
    }
    silk_db_free(db);
    return 0;
}
