#include "targets/drivers/tcp/tcp_url.hpp"

#include "harness/core/url.hpp"

namespace throng::targets::tcp {

std::optional<TcpAddress> parse_tcp_url(std::string_view url, std::string* error) {
    const auto fail = [&](std::string why) -> std::optional<TcpAddress> {
        if (error != nullptr) *error = std::move(why);
        return std::nullopt;
    };
    std::string why;
    const auto parsed = core::parse_url(url, &why);
    if (!parsed) return fail(why);
    if (parsed->scheme != "tcp") return fail("a tcp target's URL starts with tcp://");
    if (parsed->has_userinfo) return fail("a tcp URL has no user or password: tcp://host:port");
    if (!parsed->has_port) return fail("a tcp URL needs a port: tcp://host:port");
    if ((!parsed->path.empty() && parsed->path != "/") || parsed->has_query || parsed->has_fragment)
        return fail("a tcp URL is only tcp://host:port, without a path or a query");
    return TcpAddress{parsed->host, parsed->port};
}

}  // namespace throng::targets::tcp
