#include "targets/components/cache/two_tier_cache.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <utility>

namespace throng::components {

namespace {

struct ReplyFree {
    void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

timeval to_timeval(std::chrono::milliseconds ms) {
    return {static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

// Thrown through the L1's get_or_load when Redis has no value: a miss, not cached.
struct NotInRedis {};

std::string random_instance_id() {
    std::random_device device;
    const std::uint64_t id = (std::uint64_t{device()} << 32) ^ device() ^ static_cast<std::uint64_t>(getpid());
    return std::to_string(id);
}

BytesCacheConfig l1_config(const TwoTierConfig& config) {
    BytesCacheConfig l1 = config.l1;
    l1.ttl = config.l1_ttl;
    return l1;
}

}  // namespace

void TwoTierCache::ContextFree::operator()(redisContext* context) const { redisFree(context); }

TwoTierCache::TwoTierCache(TwoTierConfig config, const core::Clock& clock)
    : config_(std::move(config)),
      l1_(l1_config(config_), clock),
      instance_(random_instance_id()),
      channel_(config_.name + ":invalidations") {
    if (config_.subscribe) subscriber_ = std::thread([this] { listen(); });
}

TwoTierCache::~TwoTierCache() {
    stopping_.store(true, std::memory_order_release);
    if (subscriber_.joinable()) subscriber_.join();
}

bool TwoTierCache::command_connection() {
    if (commands_ && commands_->err == 0) return true;
    const timeval tv = to_timeval(config_.timeout);
    commands_.reset(redisConnectWithTimeout(config_.redis_host.c_str(), config_.redis_port, tv));
    if (!commands_ || commands_->err != 0) {
        commands_.reset();
        return false;
    }
    redisSetTimeout(commands_.get(), tv);
    return true;
}

std::optional<std::string> TwoTierCache::redis_get(const std::string& key) {
    const std::lock_guard lock(mutex_);
    if (!command_connection()) {
        redis_errors_.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    }
    const std::string full = config_.name + ":" + key;
    Reply reply(static_cast<redisReply*>(redisCommand(commands_.get(), "GET %b", full.data(), full.size())));
    if (!reply || reply->type == REDIS_REPLY_ERROR) {
        redis_errors_.fetch_add(1, std::memory_order_relaxed);
        if (!reply) commands_.reset();
        return std::nullopt;
    }
    if (reply->type != REDIS_REPLY_STRING) {
        l2_misses_.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    }
    l2_hits_.fetch_add(1, std::memory_order_relaxed);
    return std::string(reply->str, reply->len);
}

void TwoTierCache::redis_set_and_publish(const std::string& key, const std::string* value) {
    const std::lock_guard lock(mutex_);
    if (!command_connection()) {
        redis_errors_.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    const std::string full = config_.name + ":" + key;
    const std::string message = instance_ + "\n" + key;
    if (value != nullptr) {
        const std::string ttl_ms = std::to_string(
            std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(config_.ttl).count()));
        redisAppendCommand(commands_.get(), "SET %b %b PX %s", full.data(), full.size(), value->data(), value->size(),
                           ttl_ms.c_str());
    } else {
        redisAppendCommand(commands_.get(), "DEL %b", full.data(), full.size());
    }
    redisAppendCommand(commands_.get(), "PUBLISH %b %b", channel_.data(), channel_.size(), message.data(),
                       message.size());
    for (int i = 0; i < 2; ++i) {
        void* raw = nullptr;
        if (redisGetReply(commands_.get(), &raw) != REDIS_OK) {
            redis_errors_.fetch_add(1, std::memory_order_relaxed);
            commands_.reset();
            return;
        }
        const Reply reply(static_cast<redisReply*>(raw));
        if (reply->type == REDIS_REPLY_ERROR) redis_errors_.fetch_add(1, std::memory_order_relaxed);
    }
}

std::optional<std::string> TwoTierCache::get(std::string_view key) {
    try {
        // Through the L1's single flight: an invalidation arriving while
        // Redis answers keeps the answer out of the L1.
        return l1_.get_or_load(key, [&]() -> std::string {
            auto value = redis_get(std::string(key));
            if (!value) throw NotInRedis{};
            return std::move(*value);
        });
    } catch (const NotInRedis&) {
        return std::nullopt;
    }
}

std::string TwoTierCache::get_or_load(std::string_view key, const std::function<std::string()>& load) {
    return l1_.get_or_load(key, [&]() -> std::string {
        const std::string k(key);
        if (auto value = redis_get(k)) return std::move(*value);
        std::string value = load();
        // Another process may hold an older copy (Redis had let it expire).
        redis_set_and_publish(k, &value);
        return value;
    });
}

void TwoTierCache::put(std::string_view key, std::string_view value) {
    const std::string k(key), v(value);
    redis_set_and_publish(k, &v);
    l1_.put(key, value);
}

void TwoTierCache::invalidate(std::string_view key) {
    redis_set_and_publish(std::string(key), nullptr);
    l1_.invalidate(key);
}

void TwoTierCache::received(std::string_view message) {
    const auto newline = message.find('\n');
    if (newline == std::string_view::npos) return;
    if (message.substr(0, newline) == instance_) return;  // our own write: our L1 has it right
    received_.fetch_add(1, std::memory_order_relaxed);
    l1_.invalidate(message.substr(newline + 1));
}

void TwoTierCache::listen() {
    const timeval tv = to_timeval(config_.timeout);
    while (!stopping_.load(std::memory_order_acquire)) {
        Context subscriber(redisConnectWithTimeout(config_.redis_host.c_str(), config_.redis_port, tv));
        Reply subscribed;
        if (subscriber && subscriber->err == 0) {
            redisSetTimeout(subscriber.get(), tv);
            subscribed.reset(static_cast<redisReply*>(
                redisCommand(subscriber.get(), "SUBSCRIBE %b", channel_.data(), channel_.size())));
        }
        if (!subscribed || subscribed->type != REDIS_REPLY_ARRAY) {
            redis_errors_.fetch_add(1, std::memory_order_relaxed);
            for (int i = 0; i < 5 && !stopping_.load(std::memory_order_acquire); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        // Messages sent before now were not heard: what the L1 holds may be
        // stale. (The first time too: gets may have come before this.)
        l1_.clear();
        resubscriptions_.fetch_add(1, std::memory_order_relaxed);
        subscribed_.store(true, std::memory_order_release);
        while (!stopping_.load(std::memory_order_acquire)) {
            pollfd ready{subscriber->fd, POLLIN, 0};
            const int n = poll(&ready, 1, 50);  // wakes to check stopping_
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) continue;
            if (redisBufferRead(subscriber.get()) != REDIS_OK) break;
            void* raw = nullptr;
            while (redisGetReplyFromReader(subscriber.get(), &raw) == REDIS_OK && raw != nullptr) {
                const Reply reply(static_cast<redisReply*>(raw));
                raw = nullptr;
                if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 &&
                    reply->element[2]->type == REDIS_REPLY_STRING)
                    received({reply->element[2]->str, reply->element[2]->len});
            }
            if (subscriber->err != 0) break;
        }
        subscribed_.store(false, std::memory_order_release);
    }
}

TwoTierStats TwoTierCache::stats() const {
    TwoTierStats s;
    s.l1 = l1_.stats();
    s.l2_hits = l2_hits_.load(std::memory_order_relaxed);
    s.l2_misses = l2_misses_.load(std::memory_order_relaxed);
    s.invalidations_received = received_.load(std::memory_order_relaxed);
    // The first subscription is not a re-subscription.
    const std::uint64_t subscriptions = resubscriptions_.load(std::memory_order_relaxed);
    s.resubscriptions = subscriptions > 0 ? subscriptions - 1 : 0;
    s.redis_errors = redis_errors_.load(std::memory_order_relaxed);
    return s;
}

}  // namespace throng::components
