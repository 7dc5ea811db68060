#include "targets/drivers/postgres/result_json.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <string_view>

#include "harness/core/json.hpp"

namespace throng::targets::postgres {

namespace {

// Type OIDs from PostgreSQL's pg_type.dat: stable across versions.
constexpr Oid bool_oid = 16;
constexpr Oid int8_oid = 20;
constexpr Oid int2_oid = 21;
constexpr Oid int4_oid = 23;
constexpr Oid oid_oid = 26;
constexpr Oid json_oid = 114;
constexpr Oid float4_oid = 700;
constexpr Oid float8_oid = 701;
constexpr Oid numeric_oid = 1700;
constexpr Oid jsonb_oid = 3802;

enum class Shape { number, boolean, json, string };

Shape shape_of(Oid type) {
    switch (type) {
    case int2_oid:
    case int4_oid:
    case int8_oid:
    case oid_oid:
    case float4_oid:
    case float8_oid:
    case numeric_oid: return Shape::number;
    case bool_oid: return Shape::boolean;
    case json_oid:
    case jsonb_oid: return Shape::json;
    default: return Shape::string;
    }
}

// PostgreSQL prints finite numbers as JSON does; NaN and the infinities are not JSON numbers.
bool is_json_number(std::string_view text) {
    const std::size_t digit = !text.empty() && text[0] == '-' ? 1 : 0;
    return text.size() > digit && text[digit] >= '0' && text[digit] <= '9';
}

void append_string(std::string& out, std::string_view text) {
    out += '"';
    core::json::append_escaped(out, text);
    out += '"';
}

void append_value(std::string& out, Shape shape, std::string_view text) {
    switch (shape) {
    case Shape::number:
        if (is_json_number(text)) {
            out += text;
        } else {
            append_string(out, text);
        }
        return;
    case Shape::boolean: out += text == "t" ? "true" : "false"; return;
    case Shape::json:
        out += text;  // the server checked it
        return;
    case Shape::string: append_string(out, text); return;
    }
}

}  // namespace

std::int64_t row_count(const pg_result* result) {
    if (result == nullptr) return -1;
    if (PQresultStatus(result) == PGRES_TUPLES_OK || PQresultStatus(result) == PGRES_SINGLE_TUPLE)
        return PQntuples(result);
    const std::string_view affected = PQcmdTuples(const_cast<PGresult*>(result));
    std::int64_t n = -1;
    if (affected.empty() || std::from_chars(affected.data(), affected.data() + affected.size(), n).ec != std::errc())
        return -1;
    return n;
}

bool append_rows_json(const pg_result* result, std::string& out, std::size_t limit) {
    const std::size_t begin = out.size();
    out += '[';
    const int rows = result != nullptr ? PQntuples(result) : 0;
    const int columns = result != nullptr ? PQnfields(result) : 0;
    for (int row = 0; row < rows; ++row) {
        if (out.size() - begin > limit) {
            out.resize(begin + limit);
            return true;
        }
        out += row == 0 ? "{" : ",{";
        for (int column = 0; column < columns; ++column) {
            if (column > 0) out += ',';
            append_string(out, PQfname(result, column));
            out += ':';
            if (PQgetisnull(result, row, column)) {
                out += "null";
            } else {
                const std::string_view text(PQgetvalue(result, row, column),
                                            static_cast<std::size_t>(PQgetlength(result, row, column)));
                append_value(out, shape_of(PQftype(result, column)), text);
            }
        }
        out += '}';
    }
    out += ']';
    if (out.size() - begin > limit) {
        out.resize(begin + limit);
        return true;
    }
    return false;
}

}  // namespace throng::targets::postgres
