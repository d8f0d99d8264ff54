/* writer_probe.c: probe silk-index's directory lock — see writer_probe.h. */
#define _POSIX_C_SOURCE 200809L /* O_DIRECTORY, O_CLOEXEC */
#include "writer_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Longest path probed; a longer one is reported as not locked. */
#define PROBE_PATH_MAX 4096

/* Whether directory dir is flock'ed exclusively by someone. */
static bool locked(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool held = false;

    if (fd < 0)
        return false;
    if (flock(fd, LOCK_SH | LOCK_NB) != 0)
        held = errno == EWOULDBLOCK;
    close(fd);  /* drops the shared lock, if taken */
    return held;
}

/* See writer_probe.h. */
bool silk_writer_running(const char *path)
{
    char parent[PROBE_PATH_MAX];
    size_t len = strlen(path);
    const char *slash;

    if (locked(path))
        return true;
    while (len > 1 && path[len - 1] == '/')
        len--;
    if (len >= sizeof parent)
        return false;
    memcpy(parent, path, len);
    parent[len] = '\0';
    slash = strrchr(parent, '/');
    if (!slash)
        return locked(".");
    if (slash == parent)
        return locked("/");
    parent[slash - parent] = '\0';
    return locked(parent);
}
