#include "scenarios/condition_parser.hpp"

#include <string>

#include "harness/core/object_reader.hpp"
#include "scenarios/names.hpp"

namespace throng::scenarios {

namespace {

using Kind = core::Condition::Kind;

struct Form {
    std::string_view key;
    Kind kind;
    bool names_a_check;
};
constexpr Form forms[] = {
    {"set", Kind::set, false},
    {"unset", Kind::unset, false},
    {"passed", Kind::passed, true},
    {"failed", Kind::failed, true},
};

constexpr std::string_view expected_forms =
    "{\"set\": VARIABLE}, {\"unset\": VARIABLE}, {\"passed\": CHECK} or {\"failed\": CHECK}";

}  // namespace

std::optional<core::Condition> parse_condition(const core::json::Value& node, std::string_view key, const Scope& scope,
                                               References& references, core::Diagnostics& diags) {
    const std::string what = in_backticks(key) + " condition";
    if (!node.is_object()) {
        diags.error(node,
                    what + " must be one of " + std::string(expected_forms) + ", got " + core::describe_value(node));
        return std::nullopt;
    }
    core::ObjectReader reader(node, diags, what);
    const Form* found = nullptr;
    int count = 0;
    for (const Form& form : forms) {
        if (reader.get(form.key) == nullptr) continue;
        found = &form;
        ++count;
    }
    std::optional<core::Condition> out;
    if (count != 1) {
        diags.error(node,
                    what + " needs exactly one of `set`, `unset`, `passed` or `failed`, like {\"set\": \"token\"}");
    } else if (auto name = reader.string(found->key)) {
        const core::json::Value& at = *reader.get(found->key);
        if (name->empty()) {
            diags.error(at, in_backticks(found->key) + " in " + what + " must not be empty");
        } else {
            if (found->names_a_check)
                references.read_check(*name, at);
            else
                references.read_variable(scope, *name, at);
            out = core::Condition{found->kind, *name};
        }
    }
    reader.finish();
    return out;
}

}  // namespace throng::scenarios
