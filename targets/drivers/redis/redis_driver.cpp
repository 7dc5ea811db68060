#include "targets/drivers/redis/redis_driver.hpp"

#include <chrono>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "harness/core/redact.hpp"
#include "targets/drivers/per_thread.hpp"
#include "targets/drivers/redis/command_template.hpp"
#include "targets/drivers/redis/redis_session.hpp"
#include "targets/drivers/redis/redis_step.hpp"
#include "targets/drivers/redis/redis_url.hpp"
#include "targets/drivers/redis/resp_command.hpp"

namespace throng::targets::redis {

namespace {

constexpr auto default_command_timeout = std::chrono::seconds(10);

std::string frame(const std::vector<std::string>& words) {
    std::string out;
    append_array_header(out, words.size());
    for (const auto& word : words) append_bulk_string(out, word);
    return out;
}

// Resolved once per target, before the load starts, so that no VU blocks on
// name resolution.
std::string resolve(const std::string& host, std::uint16_t port, const std::string& url) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::resolver resolver(io);
    boost::system::error_code ec;
    const auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty())
        throw std::runtime_error("target `" + core::redact_password(url) + "`: cannot resolve `" + host +
                                 "`: " + ec.message());
    return results.begin()->endpoint().address().to_string();
}

class RedisDriver final : public engine::Driver {
public:
    std::string_view protocol() const override { return "redis"; }
    bool serves(const core::Target& target) const override { return target.url.starts_with("redis://"); }

    std::unique_ptr<engine::PreparedStep> prepare(const core::Step& plan_step, const core::Target& target,
                                                  const core::ReplyNeeds&) override {
        auto spec = std::dynamic_pointer_cast<const RedisStepSpec>(plan_step.spec);
        if (!spec) throw std::logic_error("redis driver given a step of another protocol");
        auto prepared = std::make_unique<PreparedCommand>();
        prepared->endpoint = endpoint_for(target);
        prepared->constant = spec->is_constant();
        if (prepared->constant)
            prepared->bytes = format_constant_command(*spec);
        else
            prepared->templated = CommandTemplate(spec);
        prepared->pipeline = static_cast<std::uint32_t>(spec->pipeline);
        prepared->timeout = plan_step.timeout.value_or(default_command_timeout).count();
        return prepared;
    }

    std::unique_ptr<engine::Session> open_session(const engine::SessionContext& context) override {
        return std::make_unique<RedisSession>(context, threads_.get(context.executor));
    }

private:
    // One per target, shared by its steps (and so by the pools keyed on it).
    std::shared_ptr<const Endpoint> endpoint_for(const core::Target& target) {
        auto& slot = endpoints_[target.name + "\n" + target.url];
        if (slot) return slot;
        std::string why;
        const auto url = parse_redis_url(target.url, &why);
        if (!url) throw std::runtime_error("target `" + core::redact_password(target.url) + "`: " + why);
        auto endpoint = std::make_shared<Endpoint>();
        endpoint->target = target.name;
        endpoint->address = resolve(url->host, url->port, target.url);
        endpoint->port = url->port;
        if (url->has_password) {
            endpoint->handshake.push_back(url->user.empty() ? frame({"AUTH", url->password})
                                                            : frame({"AUTH", url->user, url->password}));
        }
        if (url->db != 0) endpoint->handshake.push_back(frame({"SELECT", std::to_string(url->db)}));
        endpoint->connect_timeout = target.connect_timeout.count();
        endpoint->pool = core::options_of<RedisTargetOptions>(target).pool;
        endpoint->max_body = static_cast<std::size_t>(target.max_response_body);
        slot = std::move(endpoint);
        return slot;
    }

    std::map<std::string, std::shared_ptr<const Endpoint>> endpoints_;
    PerThread<ThreadShared> threads_;
};

}  // namespace

std::unique_ptr<engine::Driver> make_redis_driver() { return std::make_unique<RedisDriver>(); }

}  // namespace throng::targets::redis
