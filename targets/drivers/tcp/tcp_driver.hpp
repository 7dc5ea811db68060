#pragma once
// The tcp driver: one connection per VU, kept across steps; each step sends
// its bytes and reads until its `expect` text.
#include <memory>

#include "harness/engine/driver.hpp"

namespace throng::targets::tcp {

std::unique_ptr<engine::Driver> make_tcp_driver();

}  // namespace throng::targets::tcp
