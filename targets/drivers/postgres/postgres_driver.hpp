#pragma once
// The PostgreSQL driver: libpq's asynchronous API on the connection's socket,
// waited on through the worker thread's io_context; many connections per thread.
#include <memory>

#include "harness/engine/driver.hpp"

namespace throng::targets::postgres {

std::unique_ptr<engine::Driver> make_postgres_driver();

}  // namespace throng::targets::postgres
