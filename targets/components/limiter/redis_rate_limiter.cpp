#include "targets/components/limiter/redis_rate_limiter.hpp"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace throng::components {

namespace {

// GCRA in microseconds on Redis's clock (exact in Lua's doubles until the
// year 2255). KEYS[1]: the key; ARGV: interval, tolerance, cost. Returns
// {admitted 0|1, retry after (us, -1: never), remaining}.
constexpr std::string_view gcra_script = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local horizon = tonumber(ARGV[2]) + interval
local increment = interval * tonumber(ARGV[3])
if increment > horizon then return {0, -1, 0} end
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local due = tat + increment
local allowed_until = now + horizon
if due > allowed_until then return {0, due - allowed_until, 0} end
redis.call('SET', KEYS[1], string.format('%d', due), 'PX', math.ceil((due - now) / 1000))
return {1, 0, math.floor((allowed_until - due) / interval)}
)lua";

std::int64_t round_up_to_us(std::int64_t nanos) { return (nanos + 999) / 1000; }

}  // namespace

void RedisRateLimiter::ContextFree::operator()(redisContext* context) const { redisFree(context); }

RedisRateLimiter::RedisRateLimiter(RateLimit limit, std::string host, int port, std::string prefix,
                                   std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), prefix_(std::move(prefix)), timeout_(timeout) {
    interval_us_ = round_up_to_us(emission_interval_of(limit));
    tolerance_us_ = interval_us_ * static_cast<std::int64_t>(limit.burst);
}

RedisRateLimiter::~RedisRateLimiter() = default;

bool RedisRateLimiter::connect() {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout_.count() % 1000) * 1000);
    context_.reset(redisConnectWithTimeout(host_.c_str(), port_, tv));
    if (!context_ || context_->err != 0) {
        error_ = context_ ? context_->errstr : "cannot allocate a Redis context";
        context_.reset();
        return false;
    }
    redisSetTimeout(context_.get(), tv);
    auto* loaded = static_cast<redisReply*>(
        redisCommand(context_.get(), "SCRIPT LOAD %b", gcra_script.data(), gcra_script.size()));
    const bool ok = loaded != nullptr && loaded->type == REDIS_REPLY_STRING;
    if (ok) script_sha_.assign(loaded->str, loaded->len);
    error_ = ok ? "" : loaded != nullptr && loaded->type == REDIS_REPLY_ERROR ? loaded->str : context_->errstr;
    if (loaded != nullptr) freeReplyObject(loaded);
    if (!ok) context_.reset();
    return ok;
}

std::optional<RateDecision> RedisRateLimiter::check(std::string_view key, std::uint64_t cost) {
    const std::string full_key = prefix_ + std::string(key);
    const std::string interval = std::to_string(interval_us_), tolerance = std::to_string(tolerance_us_),
                      cost_text = std::to_string(cost);
    const std::lock_guard lock(mutex_);
    // A connection that failed is made again, once per check.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!context_ && !connect()) return std::nullopt;
        std::vector<const char*> argv = {"EVALSHA",        script_sha_.c_str(), "1",
                                         full_key.c_str(), interval.c_str(),    tolerance.c_str(),
                                         cost_text.c_str()};
        const std::vector<std::size_t> sizes = {
            7, script_sha_.size(), 1, full_key.size(), interval.size(), tolerance.size(), cost_text.size()};
        auto* reply = static_cast<redisReply*>(
            redisCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(), sizes.data()));
        if (reply == nullptr) {  // the connection failed: it cannot be used again
            error_ = context_->errstr;
            context_.reset();
            continue;
        }
        std::optional<RateDecision> decision;
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3) {
            const auto field = [&](std::size_t i) { return reply->element[i]->integer; };
            decision = RateDecision{};
            decision->allowed = field(0) == 1;
            decision->retry_after = field(1) < 0 ? INT64_MAX : field(1) * 1000;
            decision->remaining = static_cast<std::uint64_t>(field(2));
        } else {
            // NOSCRIPT after a SCRIPT FLUSH or a restart: load it again.
            error_ = reply->type == REDIS_REPLY_ERROR ? std::string(reply->str, reply->len) : "unexpected reply";
            if (error_.rfind("NOSCRIPT", 0) == 0) context_.reset();
        }
        freeReplyObject(reply);
        if (decision || context_) return decision;
    }
    return std::nullopt;
}

std::string RedisRateLimiter::last_error() const {
    const std::lock_guard lock(mutex_);
    return error_;
}

}  // namespace throng::components
