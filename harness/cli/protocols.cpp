#include "harness/cli/protocols.hpp"

#include "targets/drivers/http/http_driver.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/drivers/postgres/postgres_driver.hpp"
#include "targets/drivers/postgres/postgres_step.hpp"
#include "targets/drivers/redis/redis_driver.hpp"
#include "targets/drivers/redis/redis_step.hpp"

namespace throng::cli {

std::span<const core::StepParser* const> step_parsers() {
    static const targets::http::HttpStepParser http;
    static const targets::postgres::PostgresStepParser postgres;
    static const targets::redis::RedisStepParser redis;
    static const core::StepParser* const all[] = {&http, &postgres, &redis};
    return all;
}

Drivers::Drivers() {
    owned_.push_back(targets::http::make_http_driver());
    owned_.push_back(targets::postgres::make_postgres_driver());
    owned_.push_back(targets::redis::make_redis_driver());
    for (const auto& driver : owned_)
        if (driver) pointers_.push_back(driver.get());
}

}  // namespace throng::cli
