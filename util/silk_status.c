/* silk_status.c: names of the status codes (silk_status.h). */
#include "silk_status.h"

const char *silk_status_str(silk_status_t st)
{
    switch (st) {
    case SILK_OK:        return "ok";
    case SILK_NOT_FOUND: return "not found";
    case SILK_LOCKED:    return "locked";
    case SILK_MODIFIED:  return "modified";
    case SILK_CORRUPT:   return "corrupt";
    case SILK_INVALID:   return "invalid argument";
    case SILK_NO_MEMORY: return "out of memory";
    case SILK_NETWORK:   return "network error";
    case SILK_ERROR:     return "error";
    case SILK_NOT_INDEX: return "not a silk index";
    }
    return "unknown status";
}
