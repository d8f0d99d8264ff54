/* silk_buf.h: a growable byte string with a sticky error — append and
 * printf-append freely, check once at the end (SQLite's StrAccum, Redis
 * sds). The bytes stay NUL-terminated once anything has been appended.
 */
#ifndef SILK_BUF_H
#define SILK_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "silk_status.h"

typedef struct silk_buf {
    char *p;      /* the bytes, NUL-terminated; NULL until the first append */
    size_t len;   /* bytes in use, not counting the NUL */
    size_t cap;   /* bytes allocated */
    bool failed;  /* an append ran out of memory: the contents are short */
} silk_buf_t;

#define SILK_BUF_INIT {NULL, 0, 0, false}

/* Make room for extra more bytes and a NUL. Returns 0, or -1 when memory
 * ran out (then failed is set and the contents are unchanged). */
int silk_buf_reserve(silk_buf_t *b, size_t extra);

/* Append s[0..n), or the C string s, or one byte. 0, or -1 as above (the
 * append is then dropped whole). */
int silk_buf_append(silk_buf_t *b, const char *s, size_t n);
int silk_buf_puts(silk_buf_t *b, const char *s);
int silk_buf_putc(silk_buf_t *b, char c);

/* Append printf(fmt, ...). 0, or -1 as above. */
int silk_buf_printf(silk_buf_t *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int silk_buf_vprintf(silk_buf_t *b, const char *fmt, va_list ap);

/* The contents as a C string: "" before the first append. Borrowed until
 * the next append or free. */
const char *silk_buf_str(const silk_buf_t *b);

/* SILK_NO_MEMORY if an append failed since the last clear, else SILK_OK. */
silk_status_t silk_buf_status(const silk_buf_t *b);

/* Empty the buffer and forget its error; the memory is kept for reuse. */
void silk_buf_clear(silk_buf_t *b);

/* Hand the contents to the caller (malloc'ed, NUL-terminated; free() it)
 * and leave the buffer empty. NULL if an append failed (the contents are
 * then freed) or memory ran out. */
char *silk_buf_detach(silk_buf_t *b, size_t *len);

/* Free the memory; the buffer is then as SILK_BUF_INIT. */
void silk_buf_free(silk_buf_t *b);

#endif /* SILK_BUF_H */
