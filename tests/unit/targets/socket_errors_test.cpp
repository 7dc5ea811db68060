// What every TCP-stream protocol shares: socket failures filed under the same
// classes, and names resolved once.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <boost/asio/error.hpp>

#include "targets/drivers/endpoint_cache.hpp"
#include "targets/drivers/socket_errors.hpp"

namespace asio = boost::asio;
using throng::core::ErrorClass;
using throng::targets::socket_error_class;

TEST_CASE("socket failures are classed the same for every protocol", "[targets][sockets]") {
    CHECK(socket_error_class(asio::error::connection_refused, true, false) == ErrorClass::connect_refused);
    CHECK(socket_error_class(asio::error::timed_out, true, false) == ErrorClass::connect_timeout);
    CHECK(socket_error_class(asio::error::timed_out, false, false) == ErrorClass::timeout);
    // The step's own deadline fired: the cancelled operation's code does not matter.
    CHECK(socket_error_class(asio::error::operation_aborted, false, true) == ErrorClass::timeout);
    CHECK(socket_error_class(asio::error::operation_aborted, true, true) == ErrorClass::connect_timeout);
    for (const auto code : {asio::error::connection_reset, asio::error::broken_pipe, asio::error::connection_aborted})
        CHECK(socket_error_class(code, false, false) == ErrorClass::reset);
    CHECK(socket_error_class(asio::error::eof, false, false) == ErrorClass::reset);
    // Left to the protocol (or to `other`).
    CHECK_FALSE(socket_error_class(asio::error::operation_aborted, false, false).has_value());
    CHECK_FALSE(socket_error_class(asio::error::not_found, false, false).has_value());
}

TEST_CASE("a host and port are resolved once and shared", "[targets][sockets]") {
    throng::targets::EndpointCache cache;
    const auto first = cache.resolve("127.0.0.1", 8080);
    REQUIRE(first->size() == 1);
    CHECK(first->front().port() == 8080);
    CHECK(first->front().address().to_string() == "127.0.0.1");
    CHECK(cache.resolve("127.0.0.1", 8080) == first);  // the same list, not a second lookup
    CHECK(cache.resolve("127.0.0.1", 8081) != first);
    CHECK_THROWS_WITH(cache.resolve("no-such-host.invalid", 80),
                      Catch::Contains("cannot resolve `no-such-host.invalid`"));
}
