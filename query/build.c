/* placeholder: being written */
typedef int silk_placeholder_t;
