/* silk_vec.h: typed growable arrays — SILK_VEC(T) declares one, the
 * macros push and reserve with a sticky error, one function grows them
 * all. Replaces the hand-grown "if (n == cap) { cap *= 2; realloc }"
 * arrays. The macros evaluate their vec argument several times: pass a
 * plain name or member (&r->kept), not an expression with side effects.
 */
#ifndef SILK_VEC_H
#define SILK_VEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* An anonymous struct type: name it once with typedef (typedef
 * SILK_VEC(char *) strvec_t;) where two places must share it. */
#define SILK_VEC(T)                                                           \
    struct {                                                                  \
        T *v;          /* the items, v[0..n) */                               \
        size_t n, cap;                                                        \
        bool failed;   /* a push or reserve ran out of memory */              \
    }

/* Room for extra more items: 0, or -1 when memory ran out (failed is set,
 * the items are unchanged). */
#define silk_vec_reserve(vec, extra)                                          \
    (((extra) <= (vec)->cap - (vec)->n ||                                     \
      ((vec)->v = silk_vec__grow((vec)->v, &(vec)->cap, (vec)->n, (extra),    \
                                 sizeof *(vec)->v, &(vec)->failed),           \
       (extra) <= (vec)->cap - (vec)->n))                                     \
         ? 0 : -1)

/* Append item x: 0, or -1 when memory ran out (x is not added). */
#define silk_vec_push(vec, x)                                                 \
    (silk_vec_reserve(vec, 1) < 0 ? -1 : ((vec)->v[(vec)->n++] = (x), 0))

/* Free the items' array (not what they point to); the vec is then empty
 * and its error forgotten. */
#define silk_vec_free(vec)                                                    \
    (free((vec)->v), (vec)->v = NULL, (vec)->n = (vec)->cap = 0,              \
     (vec)->failed = false)

/* The array v of *cap items of size bytes, n in use, grown (doubling, at
 * least 8) to hold n + extra: the new array, *cap updated. When memory
 * runs out or the size overflows: v unchanged and *failed set. */
void *silk_vec__grow(void *v, size_t *cap, size_t n, size_t extra, size_t size,
                     bool *failed);

#endif /* SILK_VEC_H */
