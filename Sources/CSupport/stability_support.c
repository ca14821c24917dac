#define _GNU_SOURCE
#include "stability_support.h"

#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <unistd.h>
#include <sys/mman.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <linux/fs.h>
#endif

int stability_rename_exchange(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
  return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
  (void)first;
  (void)second;
  errno = ENOSYS;
  return -1;
#endif
}

int stability_sqlite_configure(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void stability_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

void stability_return_large_blocks(void) {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

int stability_start_writeback(const char *path) {
#if defined(__linux__)
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int result = sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  close(fd);
  return result;
#else
  (void)path;
  return 0;
#endif
}

#define STABILITY_HUGE_PAGE ((size_t)2 << 20)

void *stability_table_alloc(size_t size) {
  if (size < STABILITY_HUGE_PAGE) return calloc(1, size ? size : 1);
  size_t length = (size + STABILITY_HUGE_PAGE - 1) & ~(STABILITY_HUGE_PAGE - 1);
  unsigned char *mapped = mmap(NULL, length + STABILITY_HUGE_PAGE, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return NULL;
  uintptr_t start = ((uintptr_t)mapped + STABILITY_HUGE_PAGE - 1) & ~(uintptr_t)(STABILITY_HUGE_PAGE - 1);
  size_t head = start - (uintptr_t)mapped;
  if (head > 0) munmap(mapped, head);
  munmap((void *)(start + length), STABILITY_HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
  madvise((void *)start, length, MADV_HUGEPAGE);
#endif
  return (void *)start;
}

void stability_table_free(void *memory, size_t size) {
  if (memory == NULL) return;
  if (size < STABILITY_HUGE_PAGE) {
    free(memory);
    return;
  }
  munmap(memory, (size + STABILITY_HUGE_PAGE - 1) & ~(STABILITY_HUGE_PAGE - 1));
}
