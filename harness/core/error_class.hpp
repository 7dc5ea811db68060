#pragma once
// How a request failed. Drivers classify every failure into one of these; the
// engine counts them per step and the reports show them by name.
#include <array>
#include <cstddef>
#include <string_view>

namespace throng::core {

enum class ErrorClass : unsigned char {
    none = 0,
    connect_refused,   // nothing listens at the address
    connect_timeout,   // the connection was not established in time
    timeout,           // no complete response in time
    reset,             // the peer reset or closed the connection mid-exchange
    protocol,          // the response could not be parsed
    http_4xx,          // a response with a 4xx status
    http_5xx,          // a response with a 5xx status
    other,             // anything else (DNS, local resource exhaustion, ...)
};

inline constexpr std::size_t error_class_count = 9;

// Stable names used in result.json and summaries ("connect_refused", ...).
std::string_view name_of(ErrorClass c);

// Every class, in enum order, for iteration.
const std::array<ErrorClass, error_class_count>& all_error_classes();

}  // namespace throng::core
