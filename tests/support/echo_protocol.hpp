#pragma once
// A second protocol for the scenario parser's tests, so that steps naming two
// protocols, and targets of another scheme, can be shown: {"echo": {...}}
// accepts any object, and {"echo": {"target": "name"}} names a target. Its
// targets have one option of their own, `pool`.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/object_reader.hpp"
#include "harness/core/step_spec.hpp"

namespace throng::test {

struct EchoSpec final : core::StepSpec {
    std::string target;
    std::string_view protocol() const override { return "echo"; }
    std::string describe() const override { return "echo"; }
    std::string_view target_name() const override { return target; }
};

struct EchoTargetOptions final : core::TargetOptions {
    int pool = 0;
};

class EchoParser final : public core::StepParser {
public:
    // url_form: the URLs its targets have ("echo://", or "http://" to share HTTP's).
    explicit EchoParser(std::string_view url_form) : url_form_(url_form) {}
    std::string_view key() const override { return "echo"; }
    std::vector<std::string_view> url_forms() const override { return {url_form_}; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node, core::StepParseContext&) const override {
        auto spec = std::make_shared<EchoSpec>();
        if (const auto* target = node.find("target")) spec->target = target->as_string();
        return spec;
    }
    std::shared_ptr<const core::TargetOptions> parse_target_options(
        core::ObjectReader& reader, const std::filesystem::path& /*base_dir*/) const override {
        auto options = std::make_shared<EchoTargetOptions>();
        if (auto pool = reader.integer("pool", 0, 100)) options->pool = static_cast<int>(*pool);
        return options;
    }

private:
    std::string_view url_form_;
};

}  // namespace throng::test
