/* fts5_peer.c: the SQLite FTS5 benchmark peer — one row per article with the
 * 'porter unicode61' tokenizer, bm25() ranking, a query = OR of its words.
 *
 *   fts5-peer index DOCS.jsonl DB
 *   fts5-peer compact DB
 *   fts5-peer search DB QUERIES.tsv [--trec|--latency]
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peer_io.h"

/* TREC runs are 1000 deep, as evaluation tools expect. */
#define TREC_DEPTH 1000
/* Latency mode fetches one result page, as a user-facing search would. */
#define PAGE_SIZE 10

/* Prints the usage on stderr; returns the exit status for bad usage. */
static int usage(void)
{
    fputs("usage: fts5-peer index DOCS.jsonl DB\n"
          "       fts5-peer compact DB\n"
          "       fts5-peer search DB QUERIES.tsv [--trec|--latency]\n",
          stderr);
    return 2;
}

/* Runs SQL on DB; on failure prints the statement's error and returns -1. */
static int exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "fts5-peer: %s: %s\n", sql, err ? err : "failed");
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

/* Opens (creating when CREATE) the database at PATH into *out; on failure
 * prints why and returns -1 with *out = NULL. The caller closes it. */
static int open_db(sqlite3 **out, const char *path, int create)
{
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, out, flags, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5-peer: %s: %s\n", path,
                *out ? sqlite3_errmsg(*out) : "cannot open");
        sqlite3_close(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* Indexes DOCS_PATH into a new FTS5 table in DB_PATH (replacing any table
 * there) in one transaction. Prints articles, passages (= articles) and text
 * bytes (title + body) to stdout. Returns the exit status. */
static int cmd_index(const char *docs_path, const char *db_path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    peer_docs *docs = NULL;
    unsigned long articles = 0;
    unsigned long long bytes = 0;
    int rc = 2;
    peer_doc d;
    int got;

    docs = peer_docs_open(docs_path);
    if (!docs || open_db(&db, db_path, 1) != 0)
        goto done;
    if (exec(db, "DROP TABLE IF EXISTS docs;"
                 "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body,"
                 " tokenize='porter unicode61');"
                 "BEGIN") != 0)
        goto done;
    if (sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, body) VALUES (?, ?, ?)",
                           -1, &ins, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5-peer: %s\n", sqlite3_errmsg(db));
        goto done;
    }
    while ((got = peer_docs_next(docs, &d)) == 1) {
        sqlite3_bind_text(ins, 1, d.id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, d.title, (int)d.title_len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, d.body, (int)d.body_len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fprintf(stderr, "fts5-peer: insert %s: %s\n", d.id, sqlite3_errmsg(db));
            goto done;
        }
        sqlite3_reset(ins);
        articles++;
        bytes += d.title_len + d.body_len;
    }
    if (got < 0) {
        perror(docs_path);
        goto done;
    }
    if (exec(db, "COMMIT") != 0)
        goto done;
    printf("articles\t%lu\npassages\t%lu\nbytes\t%llu\nskipped\t%zu\n", articles,
           articles, bytes, peer_docs_skipped(docs));
    rc = 0;
done:
    sqlite3_finalize(ins);
    sqlite3_close(db);
    peer_docs_close(docs);
    return rc;
}

/* Merges the FTS5 index into one b-tree ('optimize') and rewrites the file
 * without free pages (VACUUM): the compacted size. */
static int cmd_compact(const char *db_path)
{
    sqlite3 *db = NULL;
    int rc = 2;
    if (open_db(&db, db_path, 0) != 0)
        goto done;
    if (exec(db, "INSERT INTO docs(docs) VALUES('optimize'); VACUUM") != 0)
        goto done;
    rc = 0;
done:
    sqlite3_close(db);
    return rc;
}

/* Rewrites TEXT as an FTS5 query: each run of word characters (ASCII letters
 * and digits, and every byte of a multi-byte UTF-8 sequence) quoted, the words
 * joined by OR, everything else dropped. Returns a new string the caller
 * frees ("" when TEXT has no word), or NULL when memory runs out. */
static char *or_query(const char *text)
{
    size_t n = strlen(text);
    /* worst case: "a" OR "b" ... = 7 bytes per 1-byte word plus its separator */
    char *out = malloc(n * 7 + 1);
    if (!out)
        return NULL;
    char *w = out;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        while (*p && !(*p >= 0x80 || (*p >= '0' && *p <= '9') ||
                       ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
            p++;
        if (!*p)
            break;
        if (w != out) {
            memcpy(w, " OR ", 4);
            w += 4;
        }
        *w++ = '"';
        while (*p >= 0x80 || (*p >= '0' && *p <= '9') ||
               ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
            *w++ = (char)*p++;
        *w++ = '"';
    }
    *w = '\0';
    return out;
}

/* Runs every query of QUERIES_PATH against DB_PATH in this process: a TREC
 * run (1000 deep) or latency figures (query rewrite, bind and step through the
 * first 10 rows, timed with the monotonic clock; the statement is prepared
 * once). */
static int cmd_search(const char *db_path, const char *queries_path, int trec)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *sel = NULL;
    peer_query *q = NULL;
    size_t n = 0;
    double *ms = NULL;
    char *fq = NULL;
    int rc = 2;

    if (peer_queries_read(&q, &n, queries_path) != 0 || open_db(&db, db_path, 0) != 0)
        goto done;
    ms = calloc(n ? n : 1, sizeof *ms);
    if (!ms) {
        fputs("fts5-peer: out of memory\n", stderr);
        goto done;
    }
    if (sqlite3_prepare_v2(db, "SELECT id, bm25(docs) FROM docs WHERE docs MATCH ?"
                               " ORDER BY rank LIMIT ?", -1, &sel, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5-peer: %s\n", sqlite3_errmsg(db));
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        double t0 = peer_now_ms();
        free(fq);
        fq = or_query(q[i].text);
        if (!fq) {
            fputs("fts5-peer: out of memory\n", stderr);
            goto done;
        }
        if (*fq) {
            int step, rank = 0;
            sqlite3_bind_text(sel, 1, fq, -1, SQLITE_STATIC);
            sqlite3_bind_int(sel, 2, trec ? TREC_DEPTH : PAGE_SIZE);
            while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
                if (trec)
                    printf("%s Q0 %s %d %.6f fts5\n", q[i].qid,
                           (const char *)sqlite3_column_text(sel, 0), ++rank,
                           -sqlite3_column_double(sel, 1));
            }
            if (step != SQLITE_DONE)
                fprintf(stderr, "fts5-peer: query %s (%s): %s\n", q[i].qid, fq,
                        sqlite3_errmsg(db));
            sqlite3_reset(sel);
        }
        ms[i] = peer_now_ms() - t0;
    }
    if (!trec)
        peer_latency_print(stdout, ms, n);
    rc = 0;
done:
    free(fq);
    free(ms);
    sqlite3_finalize(sel);
    sqlite3_close(db);
    peer_queries_free(q, n);
    return rc;
}

/* Dispatches to index, compact or search; exit 0 done, 2 on bad usage or
 * any error. */
int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "index") == 0)
        return cmd_index(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "compact") == 0)
        return cmd_compact(argv[2]);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "search") == 0) {
        int trec = 1;
        if (argc == 5) {
            if (strcmp(argv[4], "--latency") == 0)
                trec = 0;
            else if (strcmp(argv[4], "--trec") != 0)
                return usage();
        }
        return cmd_search(argv[2], argv[3], trec);
    }
    return usage();
}
