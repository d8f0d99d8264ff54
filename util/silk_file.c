/* silk_file.c: whole files and standard input (silk_file.h). */
#define _POSIX_C_SOURCE 200809L
#include "silk_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "silk_buf.h"

const char silk_file_too_large[] = "larger than the limit";

/* Bytes read per fread: a pipe delivers at most this much at a time. */
#define READ_CHUNK 65536

silk_status_t silk_file_read(char **out, size_t *len, const char *path,
                             size_t limit, const char **why)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    silk_buf_t b = SILK_BUF_INIT;
    silk_status_t st = SILK_OK;
    struct stat sb;

    *out = NULL;
    *why = "";
    if (!f) {
        st = errno == ENOENT ? SILK_NOT_FOUND : SILK_ERROR;
        *why = strerror(errno);
        return st;
    }
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = SILK_INVALID;
        *why = "is a directory";
        goto done;
    }
    for (;;) {
        size_t room = limit - b.len < READ_CHUNK ? limit - b.len + 1 : READ_CHUNK;
        if (silk_buf_reserve(&b, room) < 0) {
            st = SILK_NO_MEMORY;
            *why = "out of memory";
            goto done;
        }
        size_t k = fread(b.p + b.len, 1, room, f);
        b.len += k;
        b.p[b.len] = '\0';
        if (b.len > limit) {
            st = SILK_INVALID;
            *why = silk_file_too_large;
            goto done;
        }
        if (k < room)
            break;
    }
    if (ferror(f)) {
        st = SILK_ERROR;
        *why = strerror(errno ? errno : EIO);
        goto done;
    }
    if (silk_buf_reserve(&b, 0) < 0) {   /* an empty file: still a string */
        st = SILK_NO_MEMORY;
        *why = "out of memory";
        goto done;
    }
    if (len)
        *len = b.len;
    *out = b.p;
    b.p = NULL;
done:
    if (!is_stdin)
        fclose(f);
    silk_buf_free(&b);
    return st;
}
