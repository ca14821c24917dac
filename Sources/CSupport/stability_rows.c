#include "stability_support.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int stability_rows_reserve(stability_rows *rows, size_t bytes, size_t cells) {
  if (rows->byte_count + bytes > rows->byte_capacity) {
    size_t capacity = rows->byte_capacity ? rows->byte_capacity : 4096;
    while (capacity < rows->byte_count + bytes) capacity *= 2;
    unsigned char *grown = realloc(rows->bytes, capacity);
    if (!grown) return -1;
    rows->bytes = grown;
    rows->byte_capacity = capacity;
  }
  if (rows->cell_count + cells > rows->cell_capacity) {
    size_t capacity = rows->cell_capacity ? rows->cell_capacity : 1024;
    while (capacity < rows->cell_count + cells) capacity *= 2;
    size_t *grown = realloc(rows->cells, capacity * sizeof(size_t));
    if (!grown) return -1;
    rows->cells = grown;
    rows->cell_capacity = capacity;
  }
  return 0;
}

static void put_word(unsigned char *at, uint64_t word) {
  for (int i = 0; i < 8; i++) at[i] = (unsigned char)(word >> (8 * i));
}

int stability_rows_append(stability_rows *rows, sqlite3_stmt *statement, int columns) {
  size_t byte_start = rows->byte_count, cell_start = rows->cell_count;
  if (stability_rows_reserve(rows, (size_t)columns * 9, (size_t)columns) != 0) return -1;
  for (int column = 0; column < columns; column++) {
    rows->cells[rows->cell_count++] = rows->byte_count;
    // One call into the statement per cell; the value's accessors are plain
    // reads (its connection is used by this thread only).
    sqlite3_value *value = sqlite3_column_value(statement, column);
    int type = sqlite3_value_type(value);
    if (type == SQLITE_NULL) {
      rows->bytes[rows->byte_count++] = STABILITY_CELL_NULL;
    } else if (type == SQLITE_INTEGER) {
      rows->bytes[rows->byte_count] = STABILITY_CELL_INTEGER;
      put_word(rows->bytes + rows->byte_count + 1, (uint64_t)sqlite3_value_int64(value));
      rows->byte_count += 9;
    } else if (type == SQLITE_FLOAT) {
      double real = sqlite3_value_double(value);
      uint64_t bits;
      memcpy(&bits, &real, sizeof bits);
      rows->bytes[rows->byte_count] = STABILITY_CELL_REAL;
      put_word(rows->bytes + rows->byte_count + 1, bits);
      rows->byte_count += 9;
    } else {
      const unsigned char *text = sqlite3_value_text(value);
      if (!text) {
        rows->bytes[rows->byte_count++] = STABILITY_CELL_NULL;
        continue;
      }
      size_t length = (size_t)sqlite3_value_bytes(value);
      // The 9 bytes reserved per cell cover tag and length; room for the text.
      if (stability_rows_reserve(rows, length + (size_t)(columns - column) * 9, 0) != 0) {
        rows->byte_count = byte_start;
        rows->cell_count = cell_start;
        return -1;
      }
      rows->bytes[rows->byte_count] = type == SQLITE_TEXT ? STABILITY_CELL_TEXT : STABILITY_CELL_BLOB;
      put_word(rows->bytes + rows->byte_count + 1, (uint64_t)length);
      memcpy(rows->bytes + rows->byte_count + 9, text, length);
      rows->byte_count += 9 + length;
    }
  }
  return 0;
}

void stability_rows_free(stability_rows *rows) {
  free(rows->bytes);
  free(rows->cells);
  memset(rows, 0, sizeof *rows);
}
