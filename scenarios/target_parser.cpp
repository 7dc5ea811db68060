#include "scenarios/target_parser.hpp"

#include <optional>
#include <string>

#include "harness/core/object_reader.hpp"
#include "harness/core/units.hpp"

namespace throng::scenarios {

namespace {

// The accepted forms of target URL. Only the scheme is checked here; the
// driver for it validates the rest. New schemes are added to this table.
struct TargetForm {
    std::string_view text;
    bool is_prefix;  // "http://" starts a URL; "embedded:demo" is the whole URL
};
constexpr TargetForm target_forms[] = {
    {"http://", true},
    {"embedded:demo", false},
};

// "a URL starting with http://, or embedded:demo"
std::string accepted_forms() {
    std::string prefixes;
    std::string exact;
    for (const auto& form : target_forms) {
        std::string& list = form.is_prefix ? prefixes : exact;
        if (!list.empty()) list += " or ";
        list += form.text;
    }
    std::string out;
    if (!prefixes.empty()) out = "a URL starting with " + prefixes;
    if (!exact.empty()) out += (out.empty() ? "" : ", or ") + exact;
    return out;
}

// Nothing when the URL is acceptable, otherwise what is wrong with it.
std::optional<std::string> check_url(const std::string& url) {
    for (const auto& form : target_forms) {
        if (form.is_prefix && url.starts_with(form.text)) {
            if (url.size() == form.text.size()) return "has no host after " + std::string(form.text);
            return std::nullopt;
        }
        if (!form.is_prefix && url == form.text) return std::nullopt;
    }
    return "must be " + accepted_forms() + ", got \"" + url + "\"";
}

void read_url(const core::json::Value& at, const std::string& url, const std::string& label,
              core::Diagnostics& diags, core::Target& target) {
    if (auto problem = check_url(url)) {
        diags.error(at, label + " " + *problem);
    } else {
        target.url = url;
        target.url_position = at.position();
        target.url_pointer = at.pointer();
    }
}

// "64KiB", "16MiB" or a number of bytes: how much of a response body is kept
// for the steps whose extractions and checks read it.
void read_max_body(const core::json::Value& at, core::Diagnostics& diags, core::Target& target) {
    std::optional<std::uint64_t> bytes;
    if (at.is_string()) bytes = core::parse_size(at.as_string());
    else if (at.is_integer() && at.as_integer() >= 0) bytes = static_cast<std::uint64_t>(at.as_integer());
    if (!bytes || *bytes == 0) {
        diags.error(at, "`max_response_body` in target must be a size like \"64KiB\" or \"16MiB\", or a number of "
                        "bytes greater than 0, got " + at.dump());
        return;
    }
    target.max_response_body = *bytes;
}

}  // namespace

core::Target parse_target(const core::json::Value& node, core::Diagnostics& diags) {
    core::Target target;
    if (node.is_string()) {
        read_url(node, node.as_string(), "`target` in scenario", diags, target);
        return target;
    }
    if (!node.is_object()) {
        diags.error(node, "`target` in scenario must be " + accepted_forms() +
                              ", or an object with `url` and `connect_timeout`, got " +
                              std::string(node.kind_name()));
        return target;
    }
    core::ObjectReader reader(node, diags, "target");
    if (auto url = reader.string("url", true)) read_url(*reader.get("url"), *url, "`url` in target", diags, target);
    if (auto timeout = reader.duration("connect_timeout")) {
        if (timeout->count() > 0) {
            target.connect_timeout = *timeout;
        } else {
            diags.error(*reader.get("connect_timeout"), "`connect_timeout` in target must be greater than 0");
        }
    }
    if (const auto* size = reader.get("max_response_body")) read_max_body(*size, diags, target);
    reader.finish();
    return target;
}

}  // namespace throng::scenarios
