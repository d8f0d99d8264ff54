/* silk_file.h: read a whole file, or standard input when the path is "-",
 * with a size limit and a reason a user can read when it fails.
 */
#ifndef SILK_FILE_H
#define SILK_FILE_H

#include <stddef.h>

#include "silk_status.h"

/* Read path ("-": standard input, left open) into *out (malloc'ed,
 * NUL-terminated, free() it) and *len (may be NULL). A file of more than
 * limit bytes is not read. Returns SILK_OK; or, with *out NULL and *why a
 * static or strerror() reason ("No such file or directory", "larger than
 * the limit", "is a directory", "out of memory"):
 *   SILK_NOT_FOUND  no such file,
 *   SILK_INVALID    larger than limit, or a directory,
 *   SILK_NO_MEMORY  memory ran out,
 *   SILK_ERROR      any other open or read error (errno's reason).
 * A file over the limit has *why == silk_file_too_large, so a caller can
 * word that case its own way ("split it or trim it"). */
extern const char silk_file_too_large[];

silk_status_t silk_file_read(char **out, size_t *len, const char *path,
                             size_t limit, const char **why);

#endif /* SILK_FILE_H */
