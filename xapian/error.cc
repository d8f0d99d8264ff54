/* error.cc: statuses, the thread's message and the exception firewall
 * (part of the C shim over libxapian 1.4; see shim_int.h). */
#include "shim_int.h"

#include <sys/stat.h>
#include <cstdio>
#include <cstring>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
/* Under AddressSanitizer (-DSILK_SANITIZE=ON, the fuzz build): libxapian
 * 1.4.22's Database::check deletes one of its table objects through a
 * pointer to a type 8 bytes smaller (its bug, in check_; harmless with
 * glibc's allocator), which ASan's sized-delete check reports and aborts
 * on, so silk_db_check could not run. That one check is off; the shim does
 * no polymorphic deletes of its own, and every other check stays on. The
 * environment's ASAN_OPTIONS still override it. */
extern "C" const char *__asan_default_options(void);
extern "C" const char *__asan_default_options(void)
{
    return "new_delete_type_mismatch=0";
}
#endif

/* ---- errors ------------------------------------------------------------- */

thread_local char errbuf[SILK_ERRMSG_MAX];

/* Store "ctx path: msg (detail)" as this thread's message, on one line;
 * path and detail may be NULL. Never throws. */
static void set_msg(const char *ctx, const char *path, const char *msg,
                    const char *detail)
{
    int n = snprintf(errbuf, sizeof errbuf, "%s%s%s: %s", ctx,
                     path ? " " : "", path ? path : "", msg);
    if (detail && *detail && n >= 0 && static_cast<size_t>(n) < sizeof errbuf)
        snprintf(errbuf + n, sizeof errbuf - static_cast<size_t>(n), " (%s)",
                 detail);
    for (char *p = errbuf; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
}

/* Whether path names something on disk (a missing path is NOT_FOUND, an
 * existing path Xapian cannot read is CORRUPT). */
bool path_exists(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0;
}

/* True if e says another writer holds the lock (Xapian 1.4: "...: already
 * locked"), not that the lock could not be taken at all (a read-only file
 * system, no locking support, no file descriptors left). */
bool lock_held(const Xapian::DatabaseLockError &e)
{
    return e.get_msg().find("already locked") != std::string::npos;
}

/* The one exception firewall: called from a catch block, maps the exception
 * in flight to a status and sets the thread's message "ctx path: <Xapian's
 * message>". path (may be NULL) is the database concerned; for an open it
 * also tells "nothing there" (NOT_FOUND) from "something there that is not
 * a database" (CORRUPT). */
silk_status_t fail(const char *ctx, const char *path) noexcept
{
    silk_status_t st = SILK_ERROR;
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        st = lock_held(e) ? SILK_LOCKED : SILK_ERROR;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        st = SILK_NOT_FOUND;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseVersionError &e) {
        st = SILK_CORRUPT;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* e.g. a plain file that is not a stub: "Bad line". */
        st = (path && !path_exists(path)) ? SILK_NOT_FOUND : SILK_CORRUPT;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseCorruptError &e) {
        st = SILK_CORRUPT;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::DatabaseModifiedError &e) {
        st = SILK_MODIFIED;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::NetworkError &e) { /* and NetworkTimeoutError */
        st = SILK_NETWORK;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::InvalidArgumentError &e) {
        st = SILK_INVALID;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::InvalidOperationError &e) {
        st = SILK_INVALID;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::UnimplementedError &e) {
        /* A query shape Xapian cannot run (e.g. a phrase of non-terms):
         * the caller asked for something invalid. */
        st = SILK_INVALID;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const Xapian::Error &e) {
        st = SILK_ERROR;
        set_msg(ctx, path, e.get_msg().c_str(), e.get_error_string());
    } catch (const std::bad_alloc &) {
        st = SILK_NO_MEMORY;
        set_msg(ctx, path, "out of memory", nullptr);
    } catch (const std::exception &e) {
        st = SILK_ERROR;
        set_msg(ctx, path, e.what(), nullptr);
    } catch (...) {
        st = SILK_ERROR;
        set_msg(ctx, path, "unknown error", nullptr);
    }
    return st;
}

/* Fail with st and the message "ctx path: msg" (no exception involved). */
silk_status_t fail_with(silk_status_t st, const char *ctx,
                               const char *msg,
                               const char *path) noexcept
{
    set_msg(ctx, path, msg, nullptr);
    return st;
}

extern "C" const char *silk_errmsg(void)
{
    return errbuf;
}

/* Copy s into a malloc'ed NUL-terminated string; NULL when out of memory. */
char *dup_c(const std::string &s)
{
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (p) {
        memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}
