#include "harness/core/step_spec.hpp"

namespace throng::core {

std::optional<Template> StepParseContext::compile(const json::Value& at, std::string_view text,
                                                  Template::Escape escape) {
    try {
        Template compiled = Template::parse(text, env_, escape);
        for (const auto& name : compiled.variables()) uses_.push_back({name, at.position(), at.pointer()});
        return compiled;
    } catch (const TemplateError& e) {
        diags_.error(at, e.what());
        return std::nullopt;
    }
}

}  // namespace throng::core
