#include "targets/drivers/http/http_driver.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "harness/core/ascii.hpp"
#include "harness/core/redact.hpp"
#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/h2_pool.hpp"
#include "targets/drivers/http/http_session.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/drivers/http/request_bytes.hpp"
#include "targets/drivers/http/tls_context.hpp"

namespace throng::targets::http {

namespace {

constexpr auto default_request_timeout = std::chrono::seconds(10);

class HttpDriver final : public engine::Driver {
public:
    std::string_view protocol() const override { return "http"; }
    bool serves(const core::Target& target) const override {
        return target.url.starts_with("http://") || target.url.starts_with("https://") || target.url == "embedded:demo";
    }

    std::unique_ptr<engine::PreparedStep> prepare(const core::Step& plan_step, const core::Target& target,
                                                  const core::ReplyNeeds& needs) override {
        auto spec = std::dynamic_pointer_cast<const HttpStepSpec>(plan_step.spec);
        if (!spec) throw std::logic_error("http driver given a step of another protocol");
        const HttpStepSpec& step = *spec;
        std::string why;
        auto base = parse_base_url(target.url, &why);
        if (!base) throw std::runtime_error("target `" + core::redact_password(target.url) + "`: " + why);
        const auto& options = core::options_of<HttpTargetOptions>(target);
        if (options.compression) base->accept_encoding = "gzip, deflate, br";
        auto prepared = std::make_unique<PreparedRequest>();
        if (step.is_constant())
            prepared->bytes = serialize_request(step, *base);
        else
            prepared->templated = spec;
        prepared->base = *base;
        prepared->needs = needs;
        prepared->url_facet = needs.reads_facet("url");
        prepared->redirects_facet = needs.reads_facet("redirects");
        prepared->max_body = static_cast<std::size_t>(target.max_response_body);
        prepared->max_headers = static_cast<std::size_t>(options.max_response_headers);
        if (base->tls) {
            prepared->tls = options.tls_context ? options.tls_context : default_tls();
            prepared->verify_name = !options.insecure;
        }
        prepared->endpoints = endpoints_.resolve(base->host, base->port);
        prepared->timeout = plan_step.timeout.value_or(default_request_timeout).count();
        prepared->connect_timeout = target.connect_timeout.count();
        prepared->spec = spec;
        prepared->http2 = options.http2;
        prepared->h2_pool = static_cast<std::size_t>(options.pool);
        if (options.pool > 0) prepared->h2_pools = h2_pools_;
        prepared->cookies = options.cookies;
        prepared->own_cookie_header = std::any_of(step.headers.begin(), step.headers.end(), [](const auto& header) {
            return core::iequals_ascii(header.first, "Cookie");
        });
        prepared->redirects = step.redirects.value_or(options.redirects);
        if (prepared->redirects > 0) {
            // A redirect to another https origin trusts what the target
            // trusts; from an http target, the system's CAs.
            prepared->redirect_tls = base->tls ? prepared->tls : system_tls();
            prepared->redirect_verify_name = !options.insecure;
        }
        return prepared;
    }

    std::unique_ptr<engine::Session> open_session(const engine::SessionContext& context) override {
        return std::make_unique<HttpSession>(context);
    }

private:
    // The system CAs' context for redirects from http to https, or null
    // when it does not load (such a redirect then fails, saying so).
    std::shared_ptr<boost::asio::ssl::context> system_tls() {
        try {
            return default_tls();
        } catch (const std::runtime_error&) {
            return nullptr;
        }
    }

    // Verification against the system's CAs, for https targets without `tls`.
    std::shared_ptr<boost::asio::ssl::context> default_tls() {
        if (!default_tls_) {
            std::string why;
            default_tls_ = make_tls_context({}, &why);
            if (!default_tls_) throw std::runtime_error("TLS: " + why);
        }
        return default_tls_;
    }

    EndpointCache endpoints_;  // each host resolved once, before the load
    // Targets' shared HTTP/2 connections, per worker (`pool`).
    std::shared_ptr<PerThread<WorkerH2Pools>> h2_pools_ = std::make_shared<PerThread<WorkerH2Pools>>();
    std::shared_ptr<boost::asio::ssl::context> default_tls_;
};

}  // namespace

std::unique_ptr<engine::Driver> make_http_driver() { return std::make_unique<HttpDriver>(); }

}  // namespace throng::targets::http
