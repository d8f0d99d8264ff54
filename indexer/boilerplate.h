/* boilerplate.h: tell scraped-page clutter (contact lines, page chrome,
 * bylines, copyright footers) from news, so it never becomes a passage.
 */
#ifndef SILK_BOILERPLATE_H
#define SILK_BOILERPLATE_H

#include <stddef.h>

/* Is para[0..len) boilerplate rather than news? Returns non-zero if so, and
 * then, if rule is not NULL, *rule names the rule that said so
 * ("contact-line", "copyright", "page-chrome", ...; static storage). */
int silk_boilerplate_is(const char *para, size_t len, const char **rule);

#endif /* SILK_BOILERPLATE_H */
