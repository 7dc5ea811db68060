// Where a BOOST_ASSERT goes in builds without NDEBUG (the sanitizer presets,
// a user's Debug build): the CMake option BOOST_ENABLE_ASSERT_DEBUG_HANDLER
// routes it here instead of to assert(). Every assertion still aborts, except
// the ones listed below: asserts in Boost 1.81 that are wrong, whose code
// after them handles the case correctly, and that a target's bytes can reach.
// Release builds compile every BOOST_ASSERT out, as before.
#include <boost/assert.hpp>
#include <boost/version.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

bool known_wrong(std::string_view expr, std::string_view file) {
    // Beast's parser re-reads a final chunk ("0\r\n") once more bytes come and
    // asserts it has at least 5; without the CRLF of an earlier chunk in
    // front, 4 ("0\r\n\r") is valid and the code after the assert asks for
    // more. A server sending an empty chunked body in small pieces aborted
    // throng. Fixed upstream in boostorg/beast#2861 (Boost 1.86).
    return BOOST_VERSION < 108600 && expr == "n >= 5" && file.ends_with("boost/beast/http/impl/basic_parser.ipp");
}

[[noreturn]] void fail(const char* expr, const char* msg, const char* function, const char* file, long line) {
    std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.%s%s\n", file, line, function, expr, msg ? " " : "",
                 msg ? msg : "");
    std::abort();
}

}  // namespace

namespace boost {

void assertion_failed(const char* expr, const char* function, const char* file, long line) {
    if (known_wrong(expr, file)) return;
    fail(expr, nullptr, function, file, line);
}

void assertion_failed_msg(const char* expr, const char* msg, const char* function, const char* file, long line) {
    fail(expr, msg, function, file, line);
}

}  // namespace boost
