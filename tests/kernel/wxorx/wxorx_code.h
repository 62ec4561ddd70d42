/* A tiny function as bytes, per architecture, for the exec_heap test. */
#ifndef WXORX_CODE_H
#define WXORX_CODE_H

#include <stddef.h>
#include <stdint.h>

/* Machine code of int f(void) { return 42; }. */
extern const uint8_t wxorx_ret42[];
extern const size_t wxorx_ret42_size;

/* Makes code just written as data at [p, p + len) visible to fetches. */
void wxorx_sync_icache(void *p, size_t len);

#endif /* WXORX_CODE_H */
