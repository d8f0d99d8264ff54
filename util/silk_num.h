/* silk_num.h: the one reader of a whole number typed by a user (option
 * values, ports in stub lines, request values): digits only — no sign, no
 * blanks, no base prefix — and a range, so that each caller can name the
 * range in its message. */
#ifndef SILK_NUM_H
#define SILK_NUM_H

/* Read the decimal number s into *out if it is all digits (at least one)
 * and lies in [lo, hi]. Returns 0, or -1 (anything else, including a
 * number too large for unsigned long); *out is left alone on -1. */
int silk_parse_ulong(const char *s, unsigned long lo, unsigned long hi,
                     unsigned long *out);

#endif /* SILK_NUM_H */
