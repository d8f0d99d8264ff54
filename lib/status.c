/* status.c: silk_strerror, the thread's last error message, versions. */
#include <stdarg.h>
#include <stdio.h>

#include "silk_int.h"
#include "silk_schema.h"
#include "silk_version.h"

/* Room for a message naming two long paths. */
#define ERRMSG_MAX 8192

static _Thread_local char errbuf[ERRMSG_MAX];

const char *silk_strerror(silk_status_t st)
{
    return silk_status_str(st);
}

const char *silk_last_error(void)
{
    return errbuf;
}

silk_status_t silk_fail(silk_status_t st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(errbuf, sizeof errbuf, fmt, ap);
    va_end(ap);
    return st;
}

const char *silk_version(void)
{
    return SILK_VERSION;
}

int silk_schema_version(void)
{
    return SILK_SCHEMA_VERSION;
}
