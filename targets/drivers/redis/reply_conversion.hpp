#pragma once
// A parsed Redis reply (hiredis's redisReply) turned into what extractions and
// checks read (core::Reply), and measured as it was on the wire.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <hiredis/hiredis.h>

#include "harness/core/reply.hpp"

namespace throng::targets::redis {

// "string", "integer", "array", "nil", "status" or "error".
std::string_view reply_type_name(const redisReply& reply);

// Sets reply.type and reply.body: the text of a string, status or error reply,
// the decimal of an integer, "" for nil, and an array as JSON (strings as JSON
// strings, integers as numbers, nil as null, nested arrays). Keeps at most
// `max_body` bytes of the body (then sets body_truncated). Leaves rows at -1.
void fill_reply(const redisReply& reply, std::size_t max_body, core::Reply& out);

// The reply's size in RESP2 bytes, recomputed from the parsed reply (hiredis
// does not say how much of its buffer a reply took).
std::uint64_t wire_size(const redisReply& reply);

}  // namespace throng::targets::redis
