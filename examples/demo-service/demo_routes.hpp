#pragma once
// The demo endpoints as a pure function from a parsed request to a reply:
// no sockets, no timers, so the connection code stays about HTTP framing.
#include <chrono>
#include <random>
#include <string>
#include <string_view>

#include <boost/beast/http/verb.hpp>

#include "examples/demo-service/demo_counters.hpp"
#include "examples/demo-service/demo_service.hpp"

namespace throng::demo::detail {

// Bodies larger than this are refused with 413.
inline constexpr std::size_t max_body_bytes = 1024 * 1024;

struct RouteRequest {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string_view target;
    std::string_view body;
    std::string_view content_type;   // empty when absent
    std::string_view authorization;  // empty when absent
};

struct Reply {
    unsigned status = 200;
    std::string_view content_type = "text/plain";
    // Static text, the caller's scratch string or the request body: it must
    // stay valid until the response has been written.
    std::string_view body;
    std::string_view allow;              // the Allow header of a 405
    std::chrono::microseconds delay{0};  // respond only after this long
    Counter counter = Counter::not_found;
    bool injected_failure = false;  // a /flaky 500
};

// `rng` belongs to the calling thread; generated bodies are built in `scratch`.
Reply route(const RouteRequest& request, const DemoConfig& config, std::mt19937_64& rng, std::string& scratch);

// The reply to a request that could not be read: 400, 413 or 431.
Reply reject(unsigned status);

}  // namespace throng::demo::detail
