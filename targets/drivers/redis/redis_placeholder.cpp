// Placeholder until the redis driver lands (replaced within this issue).
#include <stdexcept>

#include "targets/drivers/redis/redis_driver.hpp"
#include "targets/drivers/redis/redis_step.hpp"

namespace throng::targets::redis {

std::shared_ptr<const core::StepSpec> RedisStepParser::parse(const core::json::Value& node,
                                                            core::StepParseContext& context) const {
    context.diagnostics().error(node, "`redis` steps are not available in this build");
    return nullptr;
}

std::unique_ptr<engine::Driver> make_redis_driver() { return nullptr; }

}  // namespace throng::targets::redis
