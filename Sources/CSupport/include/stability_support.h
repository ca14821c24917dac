#ifndef STABILITY_SUPPORT_H
#define STABILITY_SUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. EINVAL where the
/// file system does not support it, ENOSYS on other systems).
int stability_rename_exchange(const char *first, const char *second);

#endif
