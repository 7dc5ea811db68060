#include "targets/drivers/redis/redis_url.hpp"

#include <charconv>

#include "harness/core/url.hpp"

namespace throng::targets::redis {

std::optional<RedisUrl> parse_redis_url(std::string_view url, std::string* error) {
    auto fail = [&](std::string why) -> std::optional<RedisUrl> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    if (!url.starts_with("redis://"))
        return fail(
            "the URL must look like redis://[[user]:password@]host[:port][/db] (rediss:// and unix "
            "sockets are not supported)");
    std::string why;
    auto parsed = core::parse_url(url, &why);
    if (!parsed) return fail(why + ": redis://[[user]:password@]host[:port][/db]");
    if (parsed->has_query || parsed->has_fragment)
        return fail("the URL must not have a query or fragment: redis://[[user]:password@]host[:port][/db]");

    RedisUrl out;
    if (parsed->path.size() > 1) {
        const std::string_view db = std::string_view(parsed->path).substr(1);
        const auto [end, ec] = std::from_chars(db.data(), db.data() + db.size(), out.db);
        if (ec != std::errc{} || end != db.data() + db.size() || out.db < 0)
            return fail("the database after '/' must be a number like 0 or 3, got \"" + std::string(db) + "\"");
    }
    if (parsed->has_userinfo) {
        if (!parsed->has_password)
            return fail("the user needs a password: redis://user:password@host (or redis://:password@host)");
        out.user = std::move(parsed->user);
        out.password = std::move(parsed->password);
        out.has_password = true;
    }
    out.host = std::move(parsed->host);
    if (parsed->has_port) out.port = parsed->port;
    return out;
}

}  // namespace throng::targets::redis
