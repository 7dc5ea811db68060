#include "targets/drivers/tcp/tcp_protocol.hpp"

#include "targets/drivers/tcp/tcp_driver.hpp"
#include "targets/drivers/tcp/tcp_step.hpp"
#include "targets/drivers/tcp/tcp_url.hpp"

namespace throng::targets::tcp {

namespace {

class TcpProtocol final : public engine::Protocol {
public:
    const core::StepParser& step_parser() const override { return parser_; }
    std::optional<std::string> url_problem(std::string_view url) const override {
        std::string why;
        if (!parse_tcp_url(url, &why)) return why;
        return std::nullopt;
    }
    std::unique_ptr<engine::Driver> make_driver() const override { return make_tcp_driver(); }
    // Core's classes say it all: refused, timed out, closed early (reset), a
    // reply that outgrew max_response_body without its `expect` (protocol).
    std::vector<core::ErrorClass> error_classes() const override { return {}; }

private:
    TcpStepParser parser_;
};

}  // namespace

const engine::Protocol& protocol() {
    static const TcpProtocol tcp;
    return tcp;
}

}  // namespace throng::targets::tcp
