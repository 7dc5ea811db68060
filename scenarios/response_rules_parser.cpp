#include "scenarios/response_rules_parser.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "harness/core/object_reader.hpp"
#include "scenarios/names.hpp"
#include "scenarios/reader_helpers.hpp"

namespace throng::scenarios {

namespace {

using core::Check;
using core::Extraction;
using core::ObjectReader;
using core::ReplyFacet;
using Facets = std::span<const ReplyFacet>;
using core::json::Value;

constexpr int max_status = 599;
constexpr int max_group = 1000;

// "`a`, `b` or `c`"
std::string one_of(const std::vector<std::string_view>& keys) {
    std::string out;
    std::size_t i = 0;
    for (auto key : keys) {
        if (i > 0) out += i + 1 == keys.size() ? " or " : ", ";
        out += in_backticks(key);
        ++i;
    }
    return out;
}

// The one key of `keys` the object has, or nullopt after reporting none or several.
std::optional<std::string_view> exactly_one(ObjectReader& reader, const std::vector<std::string_view>& keys) {
    std::vector<std::string_view> present;
    for (auto key : keys) {
        if (reader.get(key) != nullptr) present.push_back(key);
    }
    if (present.size() == 1) return present.front();
    if (!reader.valid()) return std::nullopt;
    std::string message = reader.what();
    if (present.empty()) {
        message += " needs one of " + one_of(keys);
    } else {
        message += " has both " + in_backticks(present[0]) + " and " + in_backticks(present[1]) +
                   "; use exactly one of " + one_of(keys);
    }
    reader.diagnostics().error(reader.value(), message);
    return std::nullopt;
}

// Compiles a rule's regex, reporting a bad one at the value it came from.
template <typename Rule>
void compile(Rule& rule, const Value* at, core::Diagnostics& diags) {
    try {
        core::compile_pattern(rule);
    } catch (const std::exception& e) {
        if (at != nullptr) diags.error(*at, e.what());
    }
}

// `key` must be a JSON pointer: "" (the whole document) or starting with '/'.
std::optional<std::string> json_pointer(ObjectReader& reader, std::string_view key) {
    auto pointer = reader.string(key);
    if (!pointer || pointer->empty() || pointer->starts_with('/')) return pointer;
    reader.diagnostics().error(
        *reader.get(key), in_backticks(key) + " in " + reader.what() +
                              " must be a JSON pointer like \"/token\" or \"/items/0/id\", got \"" + *pointer + "\"");
    return std::nullopt;
}

// `status: true` and `body: true` take the whole of it; false means nothing.
void require_true(ObjectReader& reader, std::string_view key, std::string_view what_it_takes) {
    const auto flag = reader.boolean(key);
    if (!flag || *flag) return;
    reader.diagnostics().error(*reader.get(key), in_backticks(key) + " in " + reader.what() +
                                                     " must be true (it takes " + std::string(what_it_takes) +
                                                     "), got false");
}

// Core's keys, then each facet's name.
std::vector<std::string_view> with_facets(std::vector<std::string_view> keys, Facets facets) {
    for (const ReplyFacet& facet : facets) keys.push_back(facet.name);
    return keys;
}

const ReplyFacet* facet_named(Facets facets, std::optional<std::string_view> name) {
    for (const ReplyFacet& facet : facets)
        if (name == facet.name) return &facet;
    return nullptr;
}

// Another protocol's facet is not unknown, it is in the wrong step.
void reject_foreign(ObjectReader& reader, const FacetScope& scope) {
    for (const ForeignFacet& facet : scope.foreign)
        reader.reject(facet.name, in_backticks(facet.name) + " in " + reader.what() + " is only in " +
                                      in_backticks(facet.protocol) + " replies, not in this " +
                                      in_backticks(scope.protocol) + " step's");
}

Extraction read_extraction(const Value::Member& member, core::Diagnostics& diags, const FacetScope& scope) {
    const Facets facets = scope.own;
    Extraction e;
    e.variable = member.key;
    ObjectReader reader(member.value, diags, "extraction " + in_backticks(member.key));
    const bool has_header = reader.get("header") != nullptr;
    // With `header`, `regex` applies to the header's value instead of being a source.
    const auto source = has_header
                            ? exactly_one(reader, with_facets({"json", "header", "status", "body"}, facets))
                            : exactly_one(reader, with_facets({"json", "regex", "header", "status", "body"}, facets));
    const Value* regex_at = reader.get("regex");
    if (source == "json") {
        e.source = Extraction::Source::json;
        e.path = json_pointer(reader, "json").value_or("");
    } else if (source == "regex" || source == "header") {
        e.source = source == "regex" ? Extraction::Source::regex : Extraction::Source::header;
        if (source == "header") e.path = non_empty_string(reader, "header").value_or("");
        e.pattern = reader.string("regex").value_or("");
    } else if (source == "status") {
        e.source = Extraction::Source::status;
        require_true(reader, "status", "the response status");
    } else if (source == "body") {
        e.source = Extraction::Source::body;
        require_true(reader, "body", "the whole body");
    } else if (const ReplyFacet* facet = facet_named(facets, source)) {
        e.source = Extraction::Source::facet;
        e.path = std::string(facet->name);
        require_true(reader, facet->name, facet->meaning);
    }
    reject_foreign(reader, scope);
    const Value* group_at = reader.get("group");
    if (regex_at != nullptr) {
        e.group = static_cast<int>(reader.integer("group", 0, max_group).value_or(1));
    } else {
        reader.reject("group", "`group` in " + reader.what() + " is used only with `regex`");
    }
    e.fallback = reader.string("default");
    reader.finish();
    if (source && regex_at != nullptr && regex_at->is_string()) compile(e, regex_at, diags);
    // A group the pattern does not have would never find anything.
    if (e.compiled && e.group > e.compiled->capture_groups()) {
        diags.error(group_at != nullptr ? *group_at : *regex_at,
                    "`group` in " + reader.what() + " is " + std::to_string(e.group) + " but the regex has " +
                        std::to_string(e.compiled->capture_groups()) + " capture group(s); 0 takes the whole match");
    }
    return e;
}

void read_statuses(ObjectReader& reader, Check& c) {
    const Value* node = reader.get("status");
    const auto valid = [](const Value& v) {
        return v.is_integer() && v.as_integer() >= 100 && v.as_integer() <= max_status;
    };
    const bool ok = valid(*node) || (node->is_array() && !node->items().empty() &&
                                     std::all_of(node->items().begin(), node->items().end(), valid));
    if (!ok) {
        reader.diagnostics().error(*node, "`status` in " + reader.what() +
                                              " must be a status code like 200 or a non-empty list like [200, 204], "
                                              "got " +
                                              core::describe_value(*node));
        return;
    }
    if (node->is_integer())
        c.statuses.push_back(static_cast<int>(node->as_integer()));
    else
        for (const auto& item : node->items()) c.statuses.push_back(static_cast<int>(item.as_integer()));
}

// `json`: exists (true/false) or equals (any JSON value).
void read_json_check(ObjectReader& reader, Check& c) {
    c.text = json_pointer(reader, "json").value_or("");
    reader.reject("matches", "`matches` in " + reader.what() + " is used only with `header`");
    const auto test = exactly_one(reader, {"exists", "equals"});
    if (test == "exists") {
        const auto exists = reader.boolean("exists");
        c.kind = exists.value_or(true) ? Check::Kind::json_exists : Check::Kind::json_missing;
    } else if (test == "equals") {
        c.kind = Check::Kind::json_equals;
        c.expected_json = reader.get("equals")->dump();
    }
}

// `header`: exists (true only: there is no check for a missing header), equals or matches (a regex).
void read_header_check(ObjectReader& reader, Check& c) {
    c.text = non_empty_string(reader, "header").value_or("");
    const auto test = exactly_one(reader, {"exists", "equals", "matches"});
    if (test == "exists") {
        c.kind = Check::Kind::header_exists;
        if (reader.boolean("exists") == false) {
            reader.diagnostics().error(*reader.get("exists"), "`exists` in " + reader.what() +
                                                                  " must be true for a header: a missing header "
                                                                  "cannot be checked yet");
        }
    } else if (test == "equals") {
        c.kind = Check::Kind::header_equals;
        c.expected_json = reader.string("equals").value_or("");
    } else if (test == "matches") {
        c.kind = Check::Kind::header_matches;
        c.pattern = reader.string("matches").value_or("");
    }
}

// A count facet: an exact count (1), or bounds ({"min": 1, "max": 10}, either may be left out).
void read_count(ObjectReader& reader, const ReplyFacet& facet, Check& c) {
    const std::string key = in_backticks(facet.name);
    const Value& node = *reader.get(facet.name);
    constexpr auto most = std::numeric_limits<std::int64_t>::max();
    if (node.is_integer() && node.as_integer() >= 0) {
        c.min_count = c.max_count = node.as_integer();
        return;
    }
    if (node.is_object()) {
        ObjectReader bounds(node, reader.diagnostics(), key + " in " + reader.what());
        c.min_count = bounds.integer("min", 0, most).value_or(0);
        c.max_count = bounds.integer("max", 0, most).value_or(most);
        const bool any = bounds.get("min") != nullptr || bounds.get("max") != nullptr;
        bounds.finish();
        if (!any || c.min_count > c.max_count) {
            reader.diagnostics().error(node, key + " in " + reader.what() +
                                                 " needs `min`, `max` or both, with min <= max, got " + node.dump());
        }
        return;
    }
    reader.diagnostics().error(node, key + " in " + reader.what() +
                                         " must be a count like 1 or bounds like {\"min\": 1, \"max\": 10}, got " +
                                         core::describe_value(node));
}

// A word facet: one of the words it can take; a text facet: any text.
std::optional<std::string> read_word(ObjectReader& reader, const ReplyFacet& facet) {
    auto word = reader.string(facet.name);
    if (!word) return std::nullopt;
    if (facet.kind == ReplyFacet::Kind::text) return word;
    if (std::find(facet.words.begin(), facet.words.end(), *word) != facet.words.end()) return word;
    reader.diagnostics().error(*reader.get(facet.name), in_backticks(facet.name) + " in " + reader.what() +
                                                            " must be one of " + one_of(facet.words) + ", got \"" +
                                                            *word + "\"");
    return std::nullopt;
}

Check read_check(const Value::Member& member, core::Diagnostics& diags, const FacetScope& scope) {
    const Facets facets = scope.own;
    Check c;
    c.name = member.key;
    ObjectReader reader(member.value, diags, "check " + in_backticks(member.key));
    const auto kind = exactly_one(
        reader, with_facets({"status", "body_contains", "body_matches", "json", "header", "latency_below"}, facets));
    const Value* regex_at = nullptr;
    if (kind == "status") {
        c.kind = Check::Kind::status_in;
        read_statuses(reader, c);
    } else if (kind == "body_contains") {
        c.kind = Check::Kind::body_contains;
        c.text = non_empty_string(reader, "body_contains").value_or("");
    } else if (kind == "body_matches") {
        c.kind = Check::Kind::body_matches;
        c.pattern = reader.string("body_matches").value_or("");
        regex_at = reader.get("body_matches");
    } else if (kind == "json") {
        read_json_check(reader, c);
    } else if (kind == "header") {
        read_header_check(reader, c);
        if (c.kind == Check::Kind::header_matches) regex_at = reader.get("matches");
    } else if (kind == "latency_below") {
        c.kind = Check::Kind::latency_below;
        if (auto bound = positive_duration(reader, "latency_below")) c.bound = bound->count();
    } else if (const ReplyFacet* facet = facet_named(facets, kind)) {
        c.facet = std::string(facet->name);
        if (facet->kind == ReplyFacet::Kind::count) {
            c.kind = Check::Kind::facet_between;
            read_count(reader, *facet, c);
        } else {
            c.kind = Check::Kind::facet_is;
            c.text = read_word(reader, *facet).value_or("");
        }
    }
    reject_foreign(reader, scope);
    if (kind != "json" && kind != "header") {
        for (std::string_view key : {"exists", "equals", "matches"}) {
            reader.reject(key, in_backticks(key) + " in " + reader.what() + " is used only with `json` or `header`");
        }
    }
    c.abort = reader.boolean("abort").value_or(false);
    reader.finish();
    if (regex_at != nullptr && regex_at->is_string()) compile(c, regex_at, diags);
    return c;
}

// The members of an object of named rules, reporting a non-object and repeated names.
template <typename Read>
void for_each_named(const Value& node, std::string_view key, std::string_view example, core::Diagnostics& diags,
                    Read&& read) {
    if (!node.is_object()) {
        diags.error(node, in_backticks(key) + " in step must be an object like " + std::string(example) + ", got " +
                              std::string(node.kind_name()));
        return;
    }
    std::map<std::string, core::json::Position> seen;
    for (const auto& member : node.members()) {
        const auto [first, inserted] = seen.emplace(member.key, member.key_position);
        if (!inserted) {
            diags.error(
                member.key_position, member.value.pointer(),
                "duplicate name " + in_backticks(member.key) + " in " + in_backticks(key) + first_at(first->second));
            continue;
        }
        read(member);
    }
}

}  // namespace

std::vector<Extraction> parse_extractions(const Value& node, core::Diagnostics& diags, const FacetScope& facets) {
    std::vector<Extraction> out;
    for_each_named(node, "extract", R"({"token": {"json": "/token"}})", diags, [&](const Value::Member& member) {
        if (!is_identifier(member.key)) {
            diags.error(member.key_position, member.value.pointer(),
                        "variable name " + in_backticks(member.key) + " " + std::string(identifier_rule));
            return;
        }
        out.push_back(read_extraction(member, diags, facets));
    });
    return out;
}

std::vector<Check> parse_checks(const Value& node, core::Diagnostics& diags, const FacetScope& facets) {
    std::vector<Check> out;
    for_each_named(node, "checks", R"({"ok": {"status": 200}})", diags, [&](const Value::Member& member) {
        if (member.key.empty()) {
            diags.error(member.key_position, member.value.pointer(), "a check name must not be empty");
            return;
        }
        out.push_back(read_check(member, diags, facets));
    });
    return out;
}

}  // namespace throng::scenarios
