#pragma once
// The Redis driver: hiredis's asynchronous API on the worker thread's
// io_context, through our own Asio adapter; many connections per thread.
#include <memory>

#include "harness/engine/driver.hpp"

namespace throng::targets::redis {

std::unique_ptr<engine::Driver> make_redis_driver();

}  // namespace throng::targets::redis
