#pragma once
// The target's URL, redis://[[user]:password@]host[:port][/db], split once at
// prepare time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace throng::targets::redis {

struct RedisUrl {
    std::string user;           // "" : AUTH with the password alone (or no AUTH)
    std::string password;       // "" : no AUTH
    bool has_password = false;  // an empty password is still sent ("redis://:@host")
    std::string host;           // without the brackets of an IPv6 address
    std::uint16_t port = 6379;
    std::int64_t db = 0;  // SELECTed at connect when not 0
};

// nullopt (and a reason in *error) for anything else. User and password may
// be percent-encoded ("p%40ss" for "p@ss").
std::optional<RedisUrl> parse_redis_url(std::string_view url, std::string* error = nullptr);

}  // namespace throng::targets::redis
