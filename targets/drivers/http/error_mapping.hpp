#pragma once
// Turns the error codes of Asio and Beast into throng's error classes.
#include <boost/system/error_code.hpp>

#include "harness/core/error_class.hpp"

namespace throng::targets::http {

enum class Phase { connect, exchange };

// `timed_out`: our own deadline closed the socket (the code is then just
// operation_aborted).
core::ErrorClass classify(const boost::system::error_code& ec, Phase phase, bool timed_out);

// A failure that means a kept-alive connection had been closed by the server
// before we used it; the request is then retried once on a new connection.
bool is_stale_connection(const boost::system::error_code& ec);

// The classes HTTP declares: a response with a 4xx or a 5xx status.
core::ErrorClass http_4xx();
core::ErrorClass http_5xx();

// The error class of a response status (none for 1xx-3xx).
core::ErrorClass classify_status(int status);

}  // namespace throng::targets::http
