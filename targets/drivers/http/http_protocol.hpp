#pragma once
// HTTP/1.1 as one protocol unit (see harness/engine/protocol.hpp).
#include "harness/engine/protocol.hpp"

namespace throng::targets::http {

const engine::Protocol& protocol();

}  // namespace throng::targets::http
