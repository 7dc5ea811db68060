#pragma once
// Redis as one protocol unit (see harness/engine/protocol.hpp).
#include "harness/engine/protocol.hpp"

namespace throng::targets::redis {

const engine::Protocol& protocol();

}  // namespace throng::targets::redis
