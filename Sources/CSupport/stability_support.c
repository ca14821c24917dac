#define _GNU_SOURCE
#include "stability_support.h"

#include <curl/curl.h>
#include <sqlite3.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
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

struct stability_http_transfer {
  CURL *curl;
  stability_http_piece piece;
  void *context;
};

static size_t stability_http_write(char *data, size_t size, size_t count, void *user) {
  struct stability_http_transfer *transfer = user;
  long status = 0;
  curl_easy_getinfo(transfer->curl, CURLINFO_RESPONSE_CODE, &status);
  return transfer->piece(status, data, size * count, transfer->context) ? size * count : 0;
}

int stability_http_post(const char *url, const char *const *headers, size_t header_count,
                        const char *body, size_t body_size, long connect_timeout_seconds,
                        long timeout_seconds, stability_http_piece piece, void *context,
                        char *error, size_t error_size) {
  CURL *curl = curl_easy_init();
  if (curl == NULL) {
    snprintf(error, error_size, "libcurl could not start a transfer");
    return CURLE_FAILED_INIT;
  }
  char message[CURL_ERROR_SIZE] = "";
  struct curl_slist *list = NULL;
  for (size_t i = 0; i < header_count; i++) list = curl_slist_append(list, headers[i]);
  struct stability_http_transfer transfer = {curl, piece, context};
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_size);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, stability_http_write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, message);
  CURLcode result = curl_easy_perform(curl);
  snprintf(error, error_size, "%s", message[0] ? message : curl_easy_strerror(result));
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return (int)result;
}

void stability_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

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
