#pragma once
// Where a request's time went, for the protocols that say (HTTP): a new
// connection's TCP connect and TLS handshake, which come before the request
// is sent and so are not in its service time, and the request's own parts,
// which add up to it: sending it, waiting for the first byte of the answer,
// receiving the rest.
#include <array>
#include <cstddef>
#include <string_view>

#include "harness/core/clock.hpp"

namespace throng::core {

enum class Phase : std::size_t { connect, tls_handshake, sending, waiting, receiving };
inline constexpr std::size_t phase_count = 5;
inline constexpr std::array<std::string_view, phase_count> phase_names{"connect", "tls_handshake", "sending", "waiting",
                                                                       "receiving"};

// One request's phases, ns; 0 for one that did not happen (a kept-alive
// connection has no connect, a plain one no handshake).
struct PhaseTimes {
    std::array<Nanos, phase_count> ns{};
    bool told = false;  // the driver measured them

    Nanos& operator[](Phase p) { return ns[static_cast<std::size_t>(p)]; }
    Nanos operator[](Phase p) const { return ns[static_cast<std::size_t>(p)]; }
};

}  // namespace throng::core
