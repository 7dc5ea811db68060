#include "reports/result_fields.hpp"

#include <nlohmann/json.hpp>

namespace throng::reports::fields {

using nlohmann::json;

const json& member(const json& object, const std::string& key) {
    static const json absent;
    if (!object.is_object()) return absent;
    const auto it = object.find(key);
    return it == object.end() ? absent : *it;
}

const json& array(const json& object, const std::string& key) {
    static const json empty = json::array();
    const json& value = member(object, key);
    return value.is_array() ? value : empty;
}

std::string text(const json& object, const std::string& key) {
    const json& value = member(object, key);
    return value.is_string() ? value.get<std::string>() : std::string();
}

std::optional<double> number(const json& object, const std::string& key) {
    const json& value = member(object, key);
    if (!value.is_number()) return std::nullopt;
    return value.get<double>();
}

bool flag(const json& object, const std::string& key, bool otherwise) {
    const json& value = member(object, key);
    return value.is_boolean() ? value.get<bool>() : otherwise;
}

std::string verdict(const json& result) {
    if (auto word = text(result, "verdict"); !word.empty()) return word;
    if (!text(result, "setup_error").empty()) return "setup_failed";
    // In the order `throng run` picks its exit code: a threshold that aborted
    // the run failed, which matters more than the stop it caused.
    if (flag(result, "aborted_by_threshold")) return "thresholds_failed";
    if (flag(member(result, "run"), "interrupted")) return "interrupted";
    return flag(result, "passed", true) ? "passed" : "thresholds_failed";
}

std::string scenario_title(const json& result) {
    const json& scenario = member(result, "scenario");
    if (auto name = text(scenario, "name"); !name.empty()) return name;
    if (auto file = text(scenario, "file"); !file.empty()) return file;
    return "throng";
}

}  // namespace throng::reports::fields
