#include "stability_http.h"

#include <curl/curl.h>
#include <stdio.h>

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
