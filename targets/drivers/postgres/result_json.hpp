#pragma once
// A statement's result as extractions and checks read it: its row count, and
// its rows as a JSON array of objects keyed by column name, typed by column
// type (numbers, booleans, embedded json/jsonb, null; the rest as strings).
#include <cstddef>
#include <cstdint>
#include <string>

struct pg_result;  // libpq's PGresult

namespace throng::targets::postgres {

// Rows returned (SELECT, RETURNING) or affected (INSERT, UPDATE, DELETE, ...);
// -1 when the command counts no rows (BEGIN, CREATE TABLE).
std::int64_t row_count(const pg_result* result);

// Appends [{"column": value, ...}, ...] to `out` (`[]` for a command that
// returns no rows). Stops once `out` holds more than `limit` bytes: then it is
// cut to `limit` and the result is true (truncated).
bool append_rows_json(const pg_result* result, std::string& out, std::size_t limit);

}  // namespace throng::targets::postgres
