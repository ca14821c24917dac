#ifndef STABILITY_SUPPORT_H
#define STABILITY_SUPPORT_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. EINVAL where the
/// file system does not support it, ENOSYS on other systems).
int stability_rename_exchange(const char *first, const char *second);

/// Configures SQLite before its first connection: no memory statistics,
/// which take one process-wide mutex on every allocation (threads reading a
/// source, importing and writing the store would queue on it). Returns
/// SQLite's result code; SQLITE_MISUSE when SQLite was already initialized
/// (nothing changes).
int stability_sqlite_configure(void);

#endif
