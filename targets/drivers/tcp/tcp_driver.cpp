#include "targets/drivers/tcp/tcp_driver.hpp"

#include <chrono>
#include <stdexcept>

#include "targets/drivers/tcp/tcp_session.hpp"
#include "targets/drivers/tcp/tcp_url.hpp"

namespace throng::targets::tcp {

namespace {

constexpr auto default_timeout = std::chrono::seconds(10);

class TcpDriver final : public engine::Driver {
public:
    std::string_view protocol() const override { return "tcp"; }
    bool serves(const core::Target& target) const override { return target.url.starts_with("tcp://"); }

    std::unique_ptr<engine::PreparedStep> prepare(const core::Step& plan_step, const core::Target& target,
                                                  const core::ReplyNeeds&) override {
        auto spec = std::dynamic_pointer_cast<const TcpStepSpec>(plan_step.spec);
        if (!spec) throw std::logic_error("tcp driver given a step of another protocol");
        std::string why;
        const auto address = parse_tcp_url(target.url, &why);
        if (!address) throw std::runtime_error("target `" + target.url + "`: " + why);
        auto prepared = std::make_unique<PreparedExchange>();
        if (spec->send.is_constant())  // rendered once: "$${" and ${env.X} are resolved, not sent as written
            prepared->bytes = spec->send.render(core::TemplateScope{});
        else
            prepared->templated = spec;
        prepared->expect = spec->expect;
        prepared->endpoints = endpoints_.resolve(address->host, address->port);
        prepared->max_reply = static_cast<std::size_t>(target.max_response_body);
        prepared->max_body = static_cast<std::size_t>(target.max_response_body);
        prepared->timeout = plan_step.timeout.value_or(default_timeout).count();
        prepared->connect_timeout = target.connect_timeout.count();
        return prepared;
    }

    std::unique_ptr<engine::Session> open_session(const engine::SessionContext& context) override {
        return std::make_unique<TcpSession>(context);
    }

private:
    EndpointCache endpoints_;  // each host resolved once, before the load
};

}  // namespace

std::unique_ptr<engine::Driver> make_tcp_driver() { return std::make_unique<TcpDriver>(); }

}  // namespace throng::targets::tcp
