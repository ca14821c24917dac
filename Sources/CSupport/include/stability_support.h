#ifndef STABILITY_SUPPORT_H
#define STABILITY_SUPPORT_H

#include <stddef.h>

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

/// Makes standard output line buffered even into a pipe or file, so lines
/// keep their order with standard error's in one log (`> log 2>&1`).
void stability_line_buffer_stdout(void);

/// Gives blocks of 128 KiB and more their own mappings, returned to the
/// system when freed (glibc; elsewhere nothing). glibc otherwise raises
/// that threshold as large blocks come and go and keeps freed ones in its
/// heap, so the doubling arrays of a long import held ~40 MB of freed
/// memory at the peak.
void stability_return_large_blocks(void);

#include <stddef.h>

/// Asks the kernel to start writing `path`'s dirty pages to disk now,
/// without waiting (Linux sync_file_range; elsewhere nothing). A later
/// fsync then has less left to wait for. Returns 0, or -1 with errno set.
int stability_start_writeback(const char *path);

/// Zeroed memory for a table looked up at random across tens of MiB (the
/// series memo, its slots): from 2 MiB on, 2 MiB-aligned and marked for
/// transparent huge pages (where the kernel offers them on request), so a
/// lookup misses the TLB less; smaller sizes are plain allocations. NULL
/// when memory ran out. Release with stability_table_free and the same size.
void *stability_table_alloc(size_t size);

/// Releases memory from stability_table_alloc(size).
void stability_table_free(void *memory, size_t size);

/// Result rows copied out of a statement into one growing byte buffer: per
/// cell a tag byte (STABILITY_CELL_*), then an 8-byte little-endian number,
/// or an 8-byte length and the bytes; `cells` holds where each cell starts,
/// row after row. Zero-initialize; release with stability_rows_free.
typedef struct stability_rows {
  unsigned char *bytes;
  size_t byte_count;
  size_t byte_capacity;
  size_t *cells;
  size_t cell_count;
  size_t cell_capacity;
} stability_rows;

enum {
  STABILITY_CELL_NULL = 0,
  STABILITY_CELL_INTEGER = 1,
  STABILITY_CELL_REAL = 2,
  STABILITY_CELL_TEXT = 3,
  STABILITY_CELL_BLOB = 4
};

struct sqlite3_stmt;

/// Appends the first `columns` cells of `statement`'s current row (a blob's
/// bytes as sqlite3_column_text gives them). Returns 0, or -1 when memory
/// ran out (nothing of the row is kept).
int stability_rows_append(stability_rows *rows, struct sqlite3_stmt *statement, int columns);

/// Makes room for `bytes` more bytes and `cells` more cells. Returns 0 or -1.
int stability_rows_reserve(stability_rows *rows, size_t bytes, size_t cells);

/// Frees the buffers (the struct can be reused, empty).
void stability_rows_free(stability_rows *rows);

#endif
