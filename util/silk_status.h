/* silk_status.h: the one status enum every module returns (moved here from
 * xapian/silk_xapian.h so that stem/, schema/ and indexer/ can say why a
 * constructor failed without depending on the shim). The public
 * silk_status_t of include/silk.h (issue 13 item 1) is meant to be this
 * enum.
 */
#ifndef SILK_STATUS_H
#define SILK_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum silk_status {
    SILK_OK = 0,
    SILK_NOT_FOUND,  /* no database (or document, or file) there */
    SILK_LOCKED,     /* another writer holds the database lock */
    SILK_MODIFIED,   /* changed under a reader too often; reopen gave up */
    SILK_CORRUPT,    /* database is damaged or not a Xapian database */
    SILK_INVALID,    /* invalid argument: an unknown language, a file over
                        its limit, ... */
    SILK_NO_MEMORY,
    SILK_NETWORK,    /* a remote shard could not be reached or timed out */
    SILK_ERROR       /* anything else (an I/O error, ...) */
} silk_status_t;

/* A static, human name for a status ("locked", "not found", ...). */
const char *silk_status_str(silk_status_t st);

#ifdef __cplusplus
}
#endif

#endif /* SILK_STATUS_H */
