#include "scenarios/tags_parser.hpp"

#include <algorithm>
#include <string>

#include "scenarios/names.hpp"

namespace throng::scenarios {

core::Tags parse_tags(const core::json::Value& node, std::string_view owner, core::Diagnostics& diags) {
    core::Tags tags;
    if (!node.is_object()) {
        diags.error(node, "`tags` in " + std::string(owner) + " must be an object of tag names to string values, got " +
                              std::string(node.kind_name()));
        return tags;
    }
    for (const auto& member : node.members()) {
        const auto& key = member.key;
        const auto& value = member.value;
        if (!is_identifier(key)) {
            diags.error(member.key_position, value.pointer(),
                        "tag name " + in_backticks(key) + " " + std::string(identifier_rule));
        } else if (std::find(std::begin(reserved_tags), std::end(reserved_tags), key) != std::end(reserved_tags)) {
            diags.error(member.key_position, value.pointer(),
                        "tag name " + in_backticks(key) +
                            " is reserved: throng sets `step`, `flow`, `scenario`, `group` "
                            "and `check` itself");
        } else if (!value.is_string()) {
            diags.error(
                value, "tag " + in_backticks(key) + " must have a string value, got " + std::string(value.kind_name()));
        } else if (!tags.emplace(key, value.as_string()).second) {
            diags.error(member.key_position, value.pointer(),
                        "duplicate tag " + in_backticks(key) + " in " + std::string(owner));
        }
    }
    return tags;
}

}  // namespace throng::scenarios
