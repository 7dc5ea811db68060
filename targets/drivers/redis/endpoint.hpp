#pragma once
// A Redis target made ready for connecting: its address resolved and its
// AUTH and SELECT framed, once, before the load starts.
#include <cstddef>
#include <string>
#include <vector>

#include "harness/core/clock.hpp"

namespace throng::targets::redis {

struct Endpoint {
    std::string target;   // the target's name, for messages
    std::string address;  // numeric (resolved at prepare time): no name lookup under load
    int port = 6379;
    std::vector<std::string> handshake;  // AUTH, SELECT: RESP commands sent first on every connection
    core::Nanos connect_timeout = 0;     // connect and handshake
    int pool = 0;                        // connections shared per worker thread; 0: one per VU
    std::size_t max_body = 0;            // of a reply kept for extractions and checks
};

}  // namespace throng::targets::redis
