/* writer_probe.h: is a silk-index writing this index right now? — a probe
 * of silk-index's lock (flock(2) on the index directory, see
 * docs/index-format.md), so that silk-query can tell an index changing under
 * it from a damaged one. */
#ifndef SILK_WRITER_PROBE_H
#define SILK_WRITER_PROBE_H

#include <stdbool.h>

/* Whether a silk-index holds its lock on the database directory path or on
 * the directory holding it (a sharded index is locked as a whole). Takes a
 * shared lock without waiting and drops it at once, so a writer is never
 * kept waiting more than its next retry. False if path cannot be opened or
 * the file system has no flock. */
bool silk_writer_running(const char *path);

#endif /* SILK_WRITER_PROBE_H */
