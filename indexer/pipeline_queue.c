/* pipeline_queue.c: the bounded queue of prepared articles between the
 * worker thread (push) and the writer (pop), with back-pressure in items
 * and documents. */
#define _XOPEN_SOURCE 700
#include "pipeline_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>


/* Prepared articles waiting for the writer. Enough to keep the writer busy
 * while the worker analyses; small enough that memory stays flat. */
#define QUEUE_MAX_ITEMS 256

#define QUEUE_MAX_DOCS  4096

/* ---- the queue ---------------------------------------------------------- */

/* See pipeline_int.h. */
void silk_pipeline__item_free(item_t *it)
{
    if (!it)
        return;
    silk_article_docs_clear(&it->docs);
    free(it->id);
    free(it->record);
    free(it);
}

/* See pipeline_int.h. */
void silk_pipeline__free_items(item_t *it)
{
    while (it) {
        item_t *next = it->next;
        silk_pipeline__item_free(it);
        it = next;
    }
}

/* See pipeline_int.h. */
void silk_pipeline__queue_recycle(run_t *r, item_t *it)
{
    pthread_mutex_lock(&r->mu);
    it->next = r->written;
    r->written = it;
    pthread_mutex_unlock(&r->mu);
}

/* See pipeline_int.h. */
int silk_pipeline__queue_push(run_t *r, item_t *it)
{
    item_t *garbage;

    pthread_mutex_lock(&r->mu);
    garbage = r->written;
    r->written = NULL;
    while (!r->writer_failed && r->qitems > 0 &&
           (r->qitems >= QUEUE_MAX_ITEMS ||
            r->qdocs + it->docs.n > QUEUE_MAX_DOCS))
        pthread_cond_wait(&r->can_push, &r->mu);
    if (r->writer_failed) {
        pthread_mutex_unlock(&r->mu);
        silk_pipeline__item_free(it);
        silk_pipeline__free_items(garbage);
        return -1;
    }
    if (r->tail)
        r->tail->next = it;
    else
        r->head = it;
    r->tail = it;
    r->qitems++;
    r->qdocs += it->docs.n;
    pthread_cond_signal(&r->can_pop);
    pthread_mutex_unlock(&r->mu);
    silk_pipeline__free_items(garbage);
    return 0;
}

/* See pipeline_int.h. */
item_t *silk_pipeline__queue_pop(run_t *r, double timeout, int *finished)
{
    item_t *it = NULL;
    struct timespec dl;

    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += (time_t)timeout;
    dl.tv_nsec += (long)((timeout - (double)(time_t)timeout) * 1e9);
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&r->mu);
    while (!r->head && !r->closed)
        if (pthread_cond_timedwait(&r->can_pop, &r->mu, &dl) == ETIMEDOUT)
            break;
    if (r->head) {
        it = r->head;
        r->head = it->next;
        if (!r->head)
            r->tail = NULL;
        r->qitems--;
        r->qdocs -= it->docs.n;
        pthread_cond_signal(&r->can_push);
    }
    *finished = !r->head && r->closed;
    pthread_mutex_unlock(&r->mu);
    return it;
}

/* See pipeline_int.h. */
void silk_pipeline__queue_fail(run_t *r)
{
    pthread_mutex_lock(&r->mu);
    r->writer_failed = 1;
    pthread_cond_broadcast(&r->can_push);
    pthread_mutex_unlock(&r->mu);
}

