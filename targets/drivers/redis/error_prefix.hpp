#pragma once
// Redis error replies ("-WRONGTYPE Operation against a key ...") classified by
// their prefix, the first word, which Redis keeps stable across versions.
#include <string_view>

#include "harness/core/error_class.hpp"

namespace throng::targets::redis {

// The first word of an error reply's text ("WRONGTYPE").
std::string_view error_prefix(std::string_view message);

// The classes Redis declares: an error reply (ERR, WRONGTYPE, ...), a server
// that cannot serve yet, a key on another cluster node.
core::ErrorClass redis_error();
core::ErrorClass redis_unavailable();
core::ErrorClass redis_redirect();

// LOADING, BUSY, MASTERDOWN, TRYAGAIN, CLUSTERDOWN: redis_unavailable; MOVED,
// ASK: redis_redirect; any other prefix (ERR, WRONGTYPE, NOSCRIPT, ...): redis_error.
core::ErrorClass classify_error_prefix(std::string_view prefix);

}  // namespace throng::targets::redis
