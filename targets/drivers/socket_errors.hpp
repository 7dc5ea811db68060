#pragma once
// The error classes a failed socket operation falls into, the same for every
// protocol on a TCP stream: a refused or timed-out connect, a timeout, a
// connection the peer closed or reset. A protocol adds its own (HTTP:
// Beast's parser errors) for what this leaves unclassified.
#include <optional>

#include <boost/system/error_code.hpp>

#include "harness/core/error_class.hpp"

namespace throng::targets {

// `connecting`: the connect failed (connect_timeout rather than timeout).
// `timed_out`: the step's own deadline fired (whatever code the cancelled
// operation ended with). nullopt: not a socket condition this knows.
std::optional<core::ErrorClass> socket_error_class(const boost::system::error_code& ec, bool connecting,
                                                   bool timed_out);

}  // namespace throng::targets
