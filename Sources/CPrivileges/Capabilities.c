#include "Capabilities.h"

#ifdef __linux__
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int capabilities(struct __user_cap_data_struct data[2]) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    return (int)syscall(SYS_capget, &header, data);
}

int igmpguard_drop_all_capabilities(void) {
    /* The bounding set: capabilities up to the kernel's last one; EINVAL past it. Without CAP_SETPCAP (not root)
     * the bounding set cannot shrink, and the sets below are what matter. */
    for (int cap = 0; cap < 64; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;
    }
#ifdef PR_CAP_AMBIENT
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); /* EINVAL on kernels before 4.3: nothing to clear */
#endif
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    if (syscall(SYS_capset, &header, data) != 0) return errno;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
    return 0;
}

uint64_t igmpguard_effective_capabilities(void) {
    struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    if (capabilities(data) != 0) return UINT64_MAX;
    return (uint64_t)data[1].effective << 32 | data[0].effective;
}

uint64_t igmpguard_permitted_capabilities(void) {
    struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    if (capabilities(data) != 0) return UINT64_MAX;
    return (uint64_t)data[1].permitted << 32 | data[0].permitted;
}

uint64_t igmpguard_inheritable_capabilities(void) {
    struct __user_cap_data_struct data[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
    if (capabilities(data) != 0) return UINT64_MAX;
    return (uint64_t)data[1].inheritable << 32 | data[0].inheritable;
}

uint64_t igmpguard_ambient_capabilities(void) {
    uint64_t set = 0;
#ifdef PR_CAP_AMBIENT
    for (int cap = 0; cap < 64; cap++) {
        int is_set = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0);
        if (is_set < 0) break; /* past the kernel's last capability, or no ambient sets */
        if (is_set == 1) set |= (uint64_t)1 << cap;
    }
#endif
    return set;
}
#else
int igmpguard_drop_all_capabilities(void) { return 0; }
uint64_t igmpguard_effective_capabilities(void) { return 0; }
uint64_t igmpguard_permitted_capabilities(void) { return 0; }
uint64_t igmpguard_inheritable_capabilities(void) { return 0; }
uint64_t igmpguard_ambient_capabilities(void) { return 0; }
#endif
