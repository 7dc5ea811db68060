#include "targets/drivers/postgres/sql_placeholders.hpp"

#include <algorithm>
#include <cstddef>

#include "harness/core/ascii.hpp"

namespace throng::targets::postgres {

namespace {

using core::is_digit;

// PostgreSQL's protocol counts parameters in 16 bits.
constexpr int max_placeholder = 65535;

bool is_identifier_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// `$` may continue an identifier (`a$1` is one name, not a parameter).
bool is_identifier_char(char c) { return is_identifier_start(c) || is_digit(c) || c == '$'; }

// Past the closing quote of a literal opened at `open` ('' doubles a quote;
// with backslashes, as in E'...', a backslash escapes the next character).
std::size_t skip_quoted(std::string_view sql, std::size_t open, char quote, bool backslashes) {
    std::size_t i = open + 1;
    while (i < sql.size()) {
        const char c = sql[i];
        if (backslashes && c == '\\') {
            i += 2;
        } else if (c == quote) {
            if (i + 1 < sql.size() && sql[i + 1] == quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            ++i;
        }
    }
    return sql.size();
}

// Past the end of a /* ... */ comment opened at `open`; they nest in PostgreSQL.
std::size_t skip_block_comment(std::string_view sql, std::size_t open) {
    int depth = 0;
    std::size_t i = open;
    while (i + 1 < sql.size()) {
        if (sql[i] == '/' && sql[i + 1] == '*') {
            ++depth;
            i += 2;
        } else if (sql[i] == '*' && sql[i + 1] == '/') {
            i += 2;
            if (--depth == 0) return i;
        } else {
            ++i;
        }
    }
    return sql.size();
}

// A dollar quote ($$ or $tag$) opened at `open`: past its closing tag, or
// `open` itself if this `$` does not open one.
std::size_t skip_dollar_quote(std::string_view sql, std::size_t open) {
    std::size_t j = open + 1;
    if (j < sql.size() && is_identifier_start(sql[j])) {
        while (j < sql.size() && is_identifier_char(sql[j]) && sql[j] != '$') ++j;
    }
    if (j >= sql.size() || sql[j] != '$') return open;
    const std::string_view tag = sql.substr(open, j - open + 1);
    const std::size_t close = sql.find(tag, j + 1);
    return close == std::string_view::npos ? sql.size() : close + tag.size();
}

}  // namespace

int highest_placeholder(std::string_view sql) {
    int highest = 0;
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
        const bool after_identifier = i > 0 && is_identifier_char(sql[i - 1]);
        if (c == '\'') {
            // E'...' (and e'...') take backslash escapes; a name ending in e does not.
            const bool escaped =
                i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !is_identifier_char(sql[i - 2]));
            i = skip_quoted(sql, i, '\'', escaped);
        } else if (c == '"') {
            i = skip_quoted(sql, i, '"', false);
        } else if (c == '-' && next == '-') {
            const std::size_t end = sql.find('\n', i);
            i = end == std::string_view::npos ? sql.size() : end + 1;
        } else if (c == '/' && next == '*') {
            i = skip_block_comment(sql, i);
        } else if (c == '$' && !after_identifier && is_digit(next)) {
            int n = 0;
            ++i;
            while (i < sql.size() && is_digit(sql[i])) {
                n = std::min(max_placeholder + 1, n * 10 + (sql[i] - '0'));
                ++i;
            }
            highest = std::max(highest, n);
        } else if (c == '$' && !after_identifier) {
            const std::size_t end = skip_dollar_quote(sql, i);
            i = end == i ? i + 1 : end;
        } else {
            ++i;
        }
    }
    return highest;
}

}  // namespace throng::targets::postgres
