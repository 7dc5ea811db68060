// Placeholder until the postgres driver lands (replaced within this issue).
#include <stdexcept>

#include "targets/drivers/postgres/postgres_driver.hpp"
#include "targets/drivers/postgres/postgres_step.hpp"

namespace throng::targets::postgres {

std::shared_ptr<const core::StepSpec> PostgresStepParser::parse(const core::json::Value& node,
                                                            core::StepParseContext& context) const {
    context.diagnostics().error(node, "`postgres` steps are not available in this build");
    return nullptr;
}

std::unique_ptr<engine::Driver> make_postgres_driver() { return nullptr; }

}  // namespace throng::targets::postgres
