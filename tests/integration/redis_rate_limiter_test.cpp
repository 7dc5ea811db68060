// The fleet's rate limiter against the test Redis (THRONG_TEST_REDIS,
// started by scripts/test.sh): two limiters on two connections, as two
// processes, share one limit exactly; an idle key expires in Redis; a
// flushed script is loaded again; a Redis that is not there is said, not
// guessed.
#include <catch2/catch.hpp>

#include <hiredis/hiredis.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>

#include "support/free_port.hpp"
#include "targets/components/limiter/redis_rate_limiter.hpp"

using throng::components::RateLimit;
using throng::components::RedisRateLimiter;
using namespace std::chrono_literals;

namespace redis_rate_limiter_test {

struct Address {
    std::string host;
    int port = 0;
};

Address redis_address() {
    const char* url = std::getenv("THRONG_TEST_REDIS");
    INFO("THRONG_TEST_REDIS is not set: run the tests with scripts/test.sh, which starts Redis");
    REQUIRE(url != nullptr);
    const std::string text = url;  // redis://127.0.0.1:PORT
    const auto colon = text.rfind(':');
    return {text.substr(8, colon - 8), std::stoi(text.substr(colon + 1))};
}

// A command on a connection of the test's own, its reply's integer (or -1).
long long command(const Address& redis, const std::string& text) {
    std::unique_ptr<redisContext, decltype(&redisFree)> context(redisConnect(redis.host.c_str(), redis.port),
                                                                redisFree);
    REQUIRE(context);
    REQUIRE(context->err == 0);
    auto* reply = static_cast<redisReply*>(redisCommand(context.get(), text.c_str()));
    REQUIRE(reply != nullptr);
    const long long value = reply->type == REDIS_REPLY_INTEGER ? reply->integer : -1;
    freeReplyObject(reply);
    return value;
}

std::string unique_prefix() {
    return "throng-test:limiter:" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ":";
}

}  // namespace redis_rate_limiter_test
using namespace redis_rate_limiter_test;

TEST_CASE("redis rate limiter: two processes share one limit exactly", "[integration][redis][limiter]") {
    const Address redis = redis_address();
    const std::string prefix = unique_prefix();
    const RateLimit limit{.rate = 30, .period = 1min, .burst = 4};
    RedisRateLimiter a(limit, redis.host, redis.port, prefix), b(limit, redis.host, redis.port, prefix);
    int admitted = 0;
    for (int i = 0; i < 10; ++i) {
        const auto decision = (i % 2 == 0 ? a : b).check("user:1");
        INFO(a.last_error() << b.last_error());
        REQUIRE(decision);
        if (decision->allowed) ++admitted;
    }
    CHECK(admitted == 5);  // the burst and one, between both
    const auto refused = b.check("user:1");
    REQUIRE(refused);
    CHECK_FALSE(refused->allowed);
    CHECK(refused->retry_after > 0);
    CHECK(refused->retry_after <= 2'000'000'000);
    // The key expires in Redis by the time it would be idle: its 5 admissions are 10 s of debt.
    const long long ttl = command(redis, "PTTL " + prefix + "user:1");
    CHECK(ttl > 0);
    CHECK(ttl <= 10'000);
    // Another key has its own limit; a cost beyond the burst never passes.
    CHECK(a.check("user:2", 5)->allowed);
    const auto impossible = a.check("user:3", 6);
    REQUIRE(impossible);
    CHECK(impossible->retry_after == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("redis rate limiter: a flushed script is loaded again, a missing Redis is said",
          "[integration][redis][limiter]") {
    const Address redis = redis_address();
    const std::string prefix = unique_prefix();
    RedisRateLimiter limiter({.rate = 10, .period = 1s, .burst = 100}, redis.host, redis.port, prefix);
    REQUIRE(limiter.check("k"));
    command(redis, "SCRIPT FLUSH");
    const auto after_flush = limiter.check("k");
    INFO(limiter.last_error());
    REQUIRE(after_flush);
    CHECK(after_flush->allowed);
    CHECK(after_flush->remaining == 99);

    RedisRateLimiter nowhere({.rate = 10, .period = 1s}, "127.0.0.1", throng::test::free_port(), prefix, 100ms);
    CHECK_FALSE(nowhere.check("k"));
    CHECK_FALSE(nowhere.last_error().empty());
}
