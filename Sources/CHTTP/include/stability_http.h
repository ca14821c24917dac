#ifndef STABILITY_HTTP_H
#define STABILITY_HTTP_H

#include <stddef.h>

/// Called with each piece of an HTTP answer's body as it arrives, with the
/// answer's status; returns nonzero to go on, 0 to stop the transfer.
typedef int (*stability_http_piece)(long status, const char *data, size_t size, void *context);

/// POSTs `body` to `url` with libcurl and hands the answer's body to
/// `piece` as it arrives, on the calling thread: while `piece` works, curl
/// reads nothing more, so a slow reader slows the sender (TCP) and memory
/// stays flat whatever the answer's size. `headers` are `Name: value`
/// lines. Returns curl's result code (0 = the whole answer arrived);
/// `error` gets curl's message. HTTP errors are not curl errors: `piece`
/// sees their status and body.
int stability_http_post(const char *url, const char *const *headers, size_t header_count,
                        const char *body, size_t body_size, long connect_timeout_seconds,
                        long timeout_seconds, stability_http_piece piece, void *context,
                        char *error, size_t error_size);

#endif
