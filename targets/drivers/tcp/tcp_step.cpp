#include "targets/drivers/tcp/tcp_step.hpp"

#include <cstdio>

#include "harness/core/object_reader.hpp"

namespace throng::targets::tcp {

namespace {

using core::json::Value;

constexpr std::string_view what = "tcp step";

// For one-line descriptions: "\r\n" shown as written in JSON.
std::string escaped(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(c));
            out += hex;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string TcpStepSpec::describe() const {
    std::string out;
    if (!send.source().empty()) out = "send " + escaped(send.source()) + ", ";
    return out + "expect " + escaped(expect);
}

std::shared_ptr<const core::StepSpec> TcpStepParser::parse(const Value& node, core::StepParseContext& context) const {
    auto& diags = context.diagnostics();
    const std::size_t errors_before = diags.list().size();
    core::ObjectReader reader(node, diags, std::string(what));
    if (!reader.valid()) return nullptr;
    auto spec = std::make_shared<TcpStepSpec>();
    if (const auto send = reader.string("send")) {
        if (auto compiled = context.compile(*reader.get("send"), *send)) spec->send = std::move(*compiled);
    }
    if (const auto expect = reader.string("expect")) {
        if (expect->empty())
            diags.error(*reader.get("expect"),
                        "`expect` in tcp step must be the text that ends the reply, like "
                        "\"\\r\\n\", got an empty string");
        else
            spec->expect = *expect;
    }
    if (const auto target = reader.string("target")) {
        if (target->empty())
            diags.error(*reader.get("target"),
                        "`target` in tcp step must name a target of `targets`, got an "
                        "empty string");
        else
            spec->target = *target;
    }
    reader.finish();
    if (diags.list().size() != errors_before) return nullptr;
    return spec;
}

}  // namespace throng::targets::tcp
