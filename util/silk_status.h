/* silk_status.h: the one status enum every module returns (moved here from
 * xapian/silk_xapian.h so that stem/, schema/ and indexer/ can say why a
 * constructor failed without depending on the shim). The enum is
 * include/silk.h's: the public silk_status_t.
 */
#ifndef SILK_STATUS_H
#define SILK_STATUS_H

#include "../include/silk.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The enum itself (SILK_OK, SILK_NOT_FOUND, SILK_LOCKED, SILK_MODIFIED,
 * SILK_CORRUPT, SILK_INVALID, SILK_NO_MEMORY, SILK_NETWORK, SILK_ERROR,
 * SILK_NOT_INDEX) is libsilk's public one, so that there is one: a
 * relative path, so that util/ needs no include directory for it. */

/* A static, human name for a status ("locked", "not found", ...). */
const char *silk_status_str(silk_status_t st);

#ifdef __cplusplus
}
#endif

#endif /* SILK_STATUS_H */
