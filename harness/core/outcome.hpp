#pragma once
// What one executed step produced: the unit every driver returns and every
// metric shard records.
#include <cstdint>

#include "harness/core/clock.hpp"
#include "harness/core/error_class.hpp"
#include "harness/core/phase_times.hpp"

namespace throng::core {

struct Outcome {
    Nanos intended = 0;  // when the request should have been sent (open models)
    Nanos start = 0;     // when the first byte was handed to the socket
    Nanos end = 0;       // when the complete response was received
    ErrorClass error = ErrorClass::none;
    ErrorCode code;          // the protocol's own code for the error (SQLSTATE, Redis prefix), if it has one
    bool responded = false;  // a complete response arrived (its latency is meaningful)
    int status = 0;          // protocol status (HTTP status code), 0 if none
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;  // on the wire
    std::uint64_t bytes_decoded = 0;   // of compressed bodies decoded for the step's rules, once decoded
    PhaseTimes phases;                 // where the time went, if the driver says
    // Sent at once when an earlier request of the same step ended (a
    // redirect's next hop): it had no schedule of its own to be late for.
    bool follow_up = false;

    Nanos service_time() const { return end - start; }
};

}  // namespace throng::core
