#pragma once
// A postgres step made ready to run: its target, and its statements with the
// server-side names they are prepared under on each connection.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/engine/driver.hpp"
#include "targets/drivers/postgres/pg_target.hpp"
#include "targets/drivers/postgres/postgres_step.hpp"

namespace throng::targets::postgres {

struct PreparedStatement {
    std::size_t id = 0;                 // unique within the driver: indexes a connection's prepared set
    std::string server_name;            // PQsendPrepare's name, "throng_<id>"
    const SqlStatement* sql = nullptr;  // in the step's spec, which the step keeps alive
    // Parameters that never vary, rendered once (indexed like sql->params).
    std::vector<std::string> constant_values;
    std::vector<bool> constant;
};

struct PreparedPgStep final : engine::PreparedStep {
    std::shared_ptr<const PostgresStepSpec> spec;
    std::shared_ptr<const TargetSettings> target;
    std::vector<PreparedStatement> statements;
    std::string begin;        // transaction: "BEGIN" with the isolation level
    bool keep_body = false;   // extractions or checks read the rows
    core::Nanos timeout = 0;  // of the whole step, after connecting
};

}  // namespace throng::targets::postgres
