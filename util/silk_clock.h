/* silk_clock.h: the one monotonic clock, for elapsed times in summaries,
 * progress lines and "took" fields (never for dates). */
#ifndef SILK_CLOCK_H
#define SILK_CLOCK_H

/* Seconds since an arbitrary fixed point (CLOCK_MONOTONIC): only
 * differences mean anything. */
double silk_clock_now(void);

/* The same in milliseconds. */
double silk_clock_ms(void);

#endif /* SILK_CLOCK_H */
