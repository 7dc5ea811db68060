#pragma once
// tcp://: bytes out, a reply read up to an expected text, as one protocol
// unit (see harness/engine/protocol.hpp).
#include "harness/engine/protocol.hpp"

namespace throng::targets::tcp {

const engine::Protocol& protocol();

}  // namespace throng::targets::tcp
