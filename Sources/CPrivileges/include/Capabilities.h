/* Giving up Linux capabilities once a live capture's handle is open. prctl(2) and the capset system call are
 * variadic or have no libc wrapper, so Swift cannot call them: these few lines do. */
#ifndef IGMPGUARD_CAPABILITIES_H
#define IGMPGUARD_CAPABILITIES_H

#include <stdint.h>

/* Clears every capability this process holds, for good: the bounding set (where CAP_SETPCAP allows: as root), the
 * ambient set, and the effective, permitted and inheritable sets; then sets no_new_privs, so no later exec can
 * grant any. Returns 0, or the errno of the step that failed. Elsewhere than Linux: 0, nothing to do. */
int igmpguard_drop_all_capabilities(void);

/* The effective, permitted, inheritable and ambient sets now (bit n = capability n), for a check after the drop;
 * 0 where there are none, UINT64_MAX when they cannot be read. */
uint64_t igmpguard_effective_capabilities(void);
uint64_t igmpguard_permitted_capabilities(void);
uint64_t igmpguard_inheritable_capabilities(void);
uint64_t igmpguard_ambient_capabilities(void);

#endif
