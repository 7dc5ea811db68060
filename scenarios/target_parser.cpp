#include "scenarios/target_parser.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "harness/core/units.hpp"
#include "scenarios/names.hpp"

namespace throng::scenarios {

namespace {

using core::json::Value;

bool is_prefix_form(std::string_view form) { return form.ends_with("://"); }

bool matches(std::string_view url, std::string_view form) {
    return is_prefix_form(form) ? url.starts_with(form) : url == form;
}

// "a URL starting with http:// or redis://, or embedded:demo"
std::string accepted_forms(std::span<const std::string_view> forms) {
    std::string prefixes;
    std::string exact;
    for (const auto form : forms) {
        std::string& list = is_prefix_form(form) ? prefixes : exact;
        if (!list.empty()) list += " or ";
        list += form;
    }
    std::string out;
    if (!prefixes.empty()) out = "a URL starting with " + prefixes;
    if (!exact.empty()) out += (out.empty() ? "" : ", or ") + exact;
    return out;
}

// Nothing when the URL is acceptable, otherwise what is wrong with it.
std::optional<std::string> check_url(const std::string& url, std::span<const std::string_view> forms) {
    for (const auto form : forms) {
        if (!matches(url, form)) continue;
        if (is_prefix_form(form) && url.size() == form.size()) return "has no host after " + std::string(form);
        return std::nullopt;
    }
    return "must be " + accepted_forms(forms) + ", got \"" + url + "\"";
}

void read_url(const Value& at, const std::string& url, const std::string& label,
              std::span<const std::string_view> forms, core::Diagnostics& diags, core::Target& target) {
    if (auto problem = check_url(url, forms)) {
        diags.error(at, label + " " + *problem);
    } else {
        target.url = url;
        target.url_position = at.position();
        target.url_pointer = at.pointer();
    }
}

std::vector<std::string_view> url_forms_of(std::span<const core::StepParser* const> parsers) {
    std::vector<std::string_view> forms;
    for (const auto* parser : parsers)
        for (const auto form : parser->url_forms())
            if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(form);
    return forms;
}

const core::StepParser* parser_for(std::span<const core::StepParser* const> parsers, std::string_view protocol) {
    for (const auto* parser : parsers)
        if (parser->key() == protocol) return parser;
    return nullptr;
}

bool serves(const core::StepParser& parser, const core::Target& target) { return parser.reaches(target.url); }

void check_step(const core::Step& step, const core::Plan& plan, std::span<const core::StepParser* const> parsers,
                core::Diagnostics& diags) {
    const auto protocol = step.spec->protocol();
    const core::StepParser* parser = parser_for(parsers, protocol);
    if (parser == nullptr) return;  // the step parser reported it
    const auto named = step.spec->target_name();
    const std::string who = "`" + std::string(protocol) + "` step `" + step.name + "`";
    if (!named.empty()) {
        const core::Target* target = plan.find_target(named);
        if (target == nullptr) {
            std::vector<std::string> names;
            for (const auto& t : plan.targets) names.push_back(t.name);
            diags.error(step.position, step.pointer,
                        who + " names target `" + std::string(named) + "`, which `targets` does not define" +
                            suggestion(named, names));
        } else if (!target->url.empty() && !serves(*parser, *target)) {
            diags.error(step.position, step.pointer,
                        who + " names target `" + target->name + "`, but its URL is not " +
                            accepted_forms(parser->url_forms()) + " (got \"" + target->url + "\")");
        }
        return;
    }
    std::vector<std::string> candidates;
    for (const auto& t : plan.targets)
        if (serves(*parser, t)) candidates.push_back(t.name);
    if (candidates.size() == 1) return;
    if (candidates.empty()) {
        // A target whose URL was wrong is reported already.
        const bool some_unread =
            std::any_of(plan.targets.begin(), plan.targets.end(), [](const core::Target& t) { return t.url.empty(); });
        if (!some_unread)
            diags.error(
                step.position, step.pointer,
                who + " has no target to reach: add one to `targets` with " + accepted_forms(parser->url_forms()));
        return;
    }
    std::string list;
    for (const auto& name : candidates) list += (list.empty() ? "`" : ", `") + name + "`";
    diags.error(step.position, step.pointer,
                who + " could reach several targets (" + list + "): name one with `\"target\"` in its `" +
                    std::string(protocol) + "` part");
}

void check_steps(const std::vector<core::Step>& steps, const core::Plan& plan,
                 std::span<const core::StepParser* const> parsers, core::Diagnostics& diags) {
    core::for_each_request(steps, {}, [&](const core::Step& step, const core::Tags&) {
        if (step.spec) check_step(step, plan, parsers, diags);
    });
}

}  // namespace

core::Target parse_target(const Value& node, std::span<const core::StepParser* const> parsers, const std::string& label,
                          const std::string& what, const std::filesystem::path& base_dir, core::Diagnostics& diags) {
    const auto forms = url_forms_of(parsers);
    core::Target target;
    if (node.is_string()) {
        read_url(node, node.as_string(), label, forms, diags, target);
        return target;
    }
    if (!node.is_object()) {
        diags.error(node, label + " must be " + accepted_forms(forms) +
                              ", or an object with `url` and `connect_timeout`, got " + std::string(node.kind_name()));
        return target;
    }
    core::ObjectReader reader(node, diags, what);
    if (auto url = reader.string("url", true))
        read_url(*reader.get("url"), *url, "`url` in " + what, forms, diags, target);
    if (auto timeout = reader.duration("connect_timeout")) {
        if (timeout->count() > 0) {
            target.connect_timeout = *timeout;
        } else {
            diags.error(*reader.get("connect_timeout"), "`connect_timeout` in " + what + " must be greater than 0");
        }
    }
    // How much of a response body is kept for the steps whose extractions
    // and checks read it.
    if (auto bytes = reader.size("max_response_body", std::numeric_limits<std::uint64_t>::max()))
        target.max_response_body = *bytes;
    // The rest is the protocol's to read. Without a usable URL no protocol is
    // known: then any protocol's options pass (the URL's error is enough).
    const auto serving = std::find_if(parsers.begin(), parsers.end(), [&](const core::StepParser* p) {
        return !target.url.empty() && p->reaches(target.url);
    });
    if (serving != parsers.end()) {
        target.options = (*serving)->parse_target_options(reader, base_dir);
    } else {
        core::Diagnostics ignored(diags.file());
        core::ObjectReader any(node, ignored, what);
        for (const auto* parser : parsers) parser->parse_target_options(any, base_dir);
        for (const auto& key : any.known()) reader.allow(key);
    }
    reader.finish();
    return target;
}

void parse_targets(core::ObjectReader& top, std::span<const core::StepParser* const> parsers,
                   const std::filesystem::path& base_dir, core::Plan& plan) {
    auto& diags = top.diagnostics();
    plan.targets.clear();
    const Value* single = top.get("target");
    const Value* several = top.get("targets");
    if (single != nullptr)
        plan.targets.push_back(parse_target(*single, parsers, "`target` in scenario", "target", base_dir, diags));
    if (several != nullptr) {
        if (!several->is_object() || several->members().empty()) {
            diags.error(*several,
                        "`targets` in scenario must be an object naming each target, like "
                        "{\"db\": \"postgresql://user@127.0.0.1:5432/db\"}, got " +
                            core::describe_value(*several));
        } else {
            for (const auto& member : several->members()) {
                if (!is_scenario_name(member.key) || member.key == "default") {
                    diags.error(member.key_position, member.value.pointer(),
                                "target name " + in_backticks(member.key) +
                                    " must hold only letters, digits, '_', '.' and '-', and not be `default` "
                                    "(the name of `target`)");
                    continue;
                }
                if (plan.find_target(member.key) != nullptr) {
                    diags.error(member.key_position, member.value.pointer(),
                                "duplicate target name " + in_backticks(member.key));
                    continue;
                }
                core::Target target = parse_target(member.value, parsers, "`" + member.key + "` in targets",
                                                   "target `" + member.key + "`", base_dir, diags);
                target.name = member.key;
                plan.targets.push_back(std::move(target));
            }
        }
    }
    if (single == nullptr && several == nullptr) top.require("target");  // reports it missing
    if (plan.targets.empty()) plan.targets.emplace_back();
}

void check_step_targets(const core::Plan& plan, std::span<const core::StepParser* const> parsers,
                        core::Diagnostics& diags) {
    check_steps(plan.setup, plan, parsers, diags);
    for (const auto& scenario : plan.scenarios)
        for (const auto& flow : scenario.flows) check_steps(flow.steps, plan, parsers, diags);
    check_steps(plan.teardown, plan, parsers, diags);
}

}  // namespace throng::scenarios
