#include "targets/drivers/redis/resp_command.hpp"

#include <charconv>

namespace throng::targets::redis {

namespace {
void append_framed_number(std::string& out, char kind, std::size_t n) {
    char digits[24];
    digits[0] = kind;
    char* end = std::to_chars(digits + 1, digits + sizeof digits - 2, n).ptr;
    *end++ = '\r';
    *end++ = '\n';
    out.append(digits, end);
}
}  // namespace

void append_array_header(std::string& out, std::size_t count) { append_framed_number(out, '*', count); }

void append_bulk_string(std::string& out, std::string_view word) {
    append_framed_number(out, '$', word.size());
    out.append(word);
    out.append("\r\n", 2);
}

}  // namespace throng::targets::redis
