#include "targets/drivers/postgres/postgres_protocol.hpp"

#include "targets/drivers/postgres/postgres_driver.hpp"
#include "targets/drivers/postgres/postgres_step.hpp"
#include "targets/drivers/postgres/sql_errors.hpp"
#include "targets/drivers/tls_error_classes.hpp"

namespace throng::targets::postgres {

namespace {

class PostgresProtocol final : public engine::Protocol {
public:
    const core::StepParser& step_parser() const override { return parser_; }
    // libpq reads the URL itself when it connects, and says what it objects to then.
    std::optional<std::string> url_problem(std::string_view) const override { return std::nullopt; }
    std::unique_ptr<engine::Driver> make_driver() const override { return make_postgres_driver(); }
    std::vector<core::ErrorClass> error_classes() const override {
        return {sql_serialization(), sql_canceled(), sql_resources(), sql_error(), tls_handshake(), tls_verify()};
    }

private:
    PostgresStepParser parser_;
};

}  // namespace

const engine::Protocol& protocol() {
    static const PostgresProtocol postgres;
    return postgres;
}

}  // namespace throng::targets::postgres
