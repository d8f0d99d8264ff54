/* silk_xapian_headertest.c: proves silk_xapian.h compiles on its own (C11,
 * -Wall -Wextra -pedantic -Werror); built by xapian/CMakeLists.txt. */
#include "silk_xapian.h"

/* Something to compile, so the unit is not empty (which -pedantic flags). */
silk_status_t silk_xapian_headertest(void);
silk_status_t silk_xapian_headertest(void)
{
    return SILK_OK;
}
