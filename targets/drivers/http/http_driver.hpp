#pragma once
// The HTTP/1.1 driver: one keep-alive connection per VU, requests
// pre-serialized at prepare time, response bodies counted and discarded.
#include <memory>

#include "harness/engine/driver.hpp"

namespace throng::targets::http {

std::unique_ptr<engine::Driver> make_http_driver();

}  // namespace throng::targets::http
