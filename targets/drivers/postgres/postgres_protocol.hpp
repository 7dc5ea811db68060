#pragma once
// PostgreSQL as one protocol unit (see harness/engine/protocol.hpp).
#include "harness/engine/protocol.hpp"

namespace throng::targets::postgres {

const engine::Protocol& protocol();

}  // namespace throng::targets::postgres
