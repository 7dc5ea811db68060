// The scenario's "thresholds" object: keys checked against the plan's tags,
// values in their three forms (string, array, object with abort options).
#include <optional>

#include "harness/core/object_reader.hpp"
#include "scenarios/threshold_parser.hpp"

namespace throng::scenarios {

namespace {

using core::Threshold;
namespace json = core::json;

std::vector<std::string> names_of(const std::set<std::string>& set) { return {set.begin(), set.end()}; }

// One expression as written; nullopt (reported) if it does not parse.
std::optional<Threshold> read_expression(const std::string& key, const json::Value& text, core::Diagnostics& diags) {
    try {
        Threshold t = parse_threshold_expression(key, text.as_string());
        t.position = text.position();
        return t;
    } catch (const ThresholdSyntaxError& e) {
        diags.error(text, e.what());
        return std::nullopt;
    }
}

// {"threshold": "p(95)<200ms", "abort_on_fail": true, "delay_abort_eval": "10s"}
std::optional<Threshold> read_object(const std::string& key, const json::Value& item, core::Diagnostics& diags) {
    core::ObjectReader reader(item, diags, "a threshold for `" + key + "`");
    const json::Value* text = reader.require("threshold");
    const auto abort_on_fail = reader.boolean("abort_on_fail");
    const auto delay = reader.duration("delay_abort_eval");
    reader.finish();
    if (text == nullptr) return std::nullopt;
    if (!text->is_string()) {
        diags.error(*text, "`threshold` in a threshold for `" + key + "` must be a string, got " +
                               std::string(text->kind_name()));
        return std::nullopt;
    }
    auto t = read_expression(key, *text, diags);
    if (!t) return std::nullopt;
    t->abort_on_fail = abort_on_fail.value_or(false);
    t->abort_delay = delay.value_or(std::chrono::nanoseconds(0));
    return t;
}

}  // namespace

std::optional<std::string> unknown_tag(const std::string& what, const std::string& key, const core::Tags& filter,
                                       const KnownTags& known) {
    for (const auto& [tag, value] : filter) {
        const std::string prefix = what + " `" + key + "`: ";
        const auto values = known.values.find(tag);
        if (values == known.values.end()) {
            std::vector<std::string> tags;
            for (const auto& [name, _] : known.values) tags.push_back(name);
            std::string message = prefix + "no step has the tag `" + tag + "`";
            if (auto suggestion = core::closest_match(tag, tags)) message += "; did you mean `" + *suggestion + "`?";
            return message;
        }
        if (!values->second.contains(value)) {
            std::string message = prefix + (tag == "check" ? "no check is named `" + value + "`"
                                                           : "no step has the tag `" + tag + ":" + value + "`");
            if (auto suggestion = core::closest_match(value, names_of(values->second))) {
                message += "; did you mean `" + *suggestion + "`?";
            }
            return message;
        }
    }
    return std::nullopt;
}

std::vector<Threshold> parse_thresholds(const json::Value& node, const KnownTags& known, core::Diagnostics& diags) {
    std::vector<Threshold> out;
    core::ObjectReader reader(node, diags, "thresholds");
    if (!reader.valid()) return out;
    for (const auto& member : node.members()) {
        reader.allow(member.key);
        if (member.key.starts_with('$') || member.key.starts_with("//")) continue;
        const auto& values = member.value;
        ThresholdKey key;
        try {
            key = parse_threshold_key(member.key);
        } catch (const ThresholdSyntaxError& e) {
            diags.error(member.key_position, values.pointer(), e.what());
            continue;
        }
        if (auto problem = unknown_tag("threshold key", member.key, key.filter, known)) {
            diags.error(member.key_position, values.pointer(), std::move(*problem));
            continue;
        }
        if (!values.is_array() && !values.is_string() && !values.is_object()) {
            const std::string example(example_expression(key.metric));
            diags.error(values, "thresholds for `" + member.key + "` must be a string like \"" + example +
                                    "\", or an array of such strings and of objects like {\"threshold\": \"" + example +
                                    "\", \"abort_on_fail\": true}, got " + std::string(values.kind_name()));
            continue;
        }
        // A single string or object is accepted as a one-element list.
        std::vector<const json::Value*> list;
        if (values.is_array()) {
            for (const auto& item : values.items()) list.push_back(&item);
        } else {
            list.push_back(&values);
        }
        for (const json::Value* listed : list) {
            const json::Value& item = *listed;
            std::optional<Threshold> t;
            if (item.is_string()) {
                t = read_expression(member.key, item, diags);
            } else if (item.is_object()) {
                t = read_object(member.key, item, diags);
            } else {
                diags.error(item, "a threshold for `" + member.key + "` must be a string or an object, got " +
                                      std::string(item.kind_name()));
            }
            if (t) out.push_back(std::move(*t));
        }
    }
    reader.finish();
    return out;
}

}  // namespace throng::scenarios
