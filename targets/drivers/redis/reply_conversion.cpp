#include "targets/drivers/redis/reply_conversion.hpp"

#include <charconv>

#include "harness/core/json.hpp"
#include "targets/drivers/redis/redis_step.hpp"

namespace throng::targets::redis {

namespace {

std::string_view text_of(const redisReply& r) { return {r.str, r.len}; }

void append_integer(std::string& out, long long value) {
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

// Appends the JSON of an array element; stops early once past `limit` bytes.
void append_json(std::string& out, const redisReply& r, std::size_t limit) {
    switch (r.type) {
    case REDIS_REPLY_INTEGER: append_integer(out, r.integer); break;
    case REDIS_REPLY_NIL: out += "null"; break;
    case REDIS_REPLY_ARRAY:
        out += '[';
        for (std::size_t i = 0; i < r.elements && out.size() <= limit; ++i) {
            if (i > 0) out += ',';
            append_json(out, *r.element[i], limit);
        }
        out += ']';
        break;
    default:  // string, status, error: their text
        out += '"';
        core::json::append_escaped(out, text_of(r));
        out += '"';
    }
}

std::uint64_t decimal_digits(std::uint64_t n) {
    std::uint64_t digits = 1;
    while (n >= 10) {
        n /= 10;
        ++digits;
    }
    return digits;
}

}  // namespace

std::string_view reply_type_name(const redisReply& reply) {
    switch (reply.type) {
    case REDIS_REPLY_STRING: return "string";
    case REDIS_REPLY_ARRAY: return "array";
    case REDIS_REPLY_INTEGER: return "integer";
    case REDIS_REPLY_NIL: return "nil";
    case REDIS_REPLY_STATUS: return "status";
    case REDIS_REPLY_ERROR: return "error";
    default: return "unknown";
    }
}

void fill_reply(const redisReply& reply, std::size_t max_body, core::Reply& out) {
    out.set_facet(reply_type_facet, std::string(reply_type_name(reply)));
    out.body.clear();
    out.body_truncated = false;
    switch (reply.type) {
    case REDIS_REPLY_INTEGER: append_integer(out.body, reply.integer); break;
    case REDIS_REPLY_NIL: break;
    case REDIS_REPLY_ARRAY: append_json(out.body, reply, max_body); break;
    default: {
        const std::string_view text = text_of(reply);
        out.body.assign(text.substr(0, max_body));
        out.body_truncated = text.size() > max_body;
        return;
    }
    }
    if (out.body.size() > max_body) {
        out.body.resize(max_body);
        out.body_truncated = true;
    }
}

std::uint64_t wire_size(const redisReply& reply) {
    switch (reply.type) {
    case REDIS_REPLY_STRING:  // $<len>\r\n<bytes>\r\n
        return 1 + decimal_digits(reply.len) + 2 + reply.len + 2;
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:  // +<text>\r\n
        return 1 + reply.len + 2;
    case REDIS_REPLY_INTEGER: {  // :<n>\r\n
        const auto magnitude = reply.integer < 0 ? 0ULL - static_cast<unsigned long long>(reply.integer)
                                                 : static_cast<unsigned long long>(reply.integer);
        return 1 + (reply.integer < 0 ? 1 : 0) + decimal_digits(magnitude) + 2;
    }
    case REDIS_REPLY_NIL: return 5;  // $-1\r\n (or *-1\r\n)
    case REDIS_REPLY_ARRAY: {
        std::uint64_t size = 1 + decimal_digits(reply.elements) + 2;
        for (std::size_t i = 0; i < reply.elements; ++i) size += wire_size(*reply.element[i]);
        return size;
    }
    default: return 0;
    }
}

}  // namespace throng::targets::redis
