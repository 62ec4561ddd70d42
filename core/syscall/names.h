/* Internal: the generated number -> name table (genrule syscall_names). */
#ifndef UK_SYSCALL_NAMES_H
#define UK_SYSCALL_NAMES_H

#include <uk/syscall.h>

/* Indexed by Linux syscall number; NULL where the number is unused. */
extern const char *const uk_syscall_names[UK_SYSCALL_NR_MAX];

#endif /* UK_SYSCALL_NAMES_H */
