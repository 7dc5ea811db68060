#pragma once
// The "redis" part of a scenario step: which command to send. Only the reading
// of the scenario lives here; the driver that sends it is elsewhere.
#include <memory>
#include <string_view>
#include <vector>

#include "harness/core/step_spec.hpp"

namespace throng::targets::redis {

class RedisStepParser final : public core::StepParser {
public:
    std::string_view key() const override { return "redis"; }
    std::vector<std::string_view> url_forms() const override { return {"redis://"}; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node,
                                                core::StepParseContext& context) const override;
};

}  // namespace throng::targets::redis
