#include "targets/drivers/http/http_protocol.hpp"

#include "targets/drivers/http/base_url.hpp"
#include "targets/drivers/http/error_mapping.hpp"
#include "targets/drivers/http/http_driver.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/drivers/http/tls_errors.hpp"

namespace throng::targets::http {

namespace {

class HttpProtocol final : public engine::Protocol {
public:
    const core::StepParser& step_parser() const override { return parser_; }
    std::optional<std::string> url_problem(std::string_view url) const override {
        std::string why;
        if (url != "embedded:demo" && !parse_base_url(url, &why)) return why;
        return std::nullopt;  // embedded:demo is always there
    }
    std::unique_ptr<engine::Driver> make_driver() const override { return make_http_driver(); }
    std::vector<core::ErrorClass> error_classes() const override {
        return {http_4xx(), http_5xx(), tls_handshake(), tls_verify()};
    }

private:
    HttpStepParser parser_;
};

}  // namespace

const engine::Protocol& protocol() {
    static const HttpProtocol http;
    return http;
}

}  // namespace throng::targets::http
