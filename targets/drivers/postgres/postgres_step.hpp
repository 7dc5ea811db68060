#pragma once
// The "postgres" part of a scenario step: which statement(s) to run. Only the
// reading of the scenario lives here; the driver that runs them is elsewhere.
#include <memory>
#include <string_view>
#include <vector>

#include "harness/core/step_spec.hpp"

namespace throng::targets::postgres {

class PostgresStepParser final : public core::StepParser {
public:
    std::string_view key() const override { return "postgres"; }
    std::vector<std::string_view> url_forms() const override { return {"postgresql://", "postgres://"}; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node,
                                                core::StepParseContext& context) const override;
};

}  // namespace throng::targets::postgres
