#pragma once
// The "tcp" part of a scenario step: bytes to send on the VU's connection and
// the text that ends the reply. A line protocol (memcached's text protocol,
// SMTP, a service's own) needs nothing more.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/step_spec.hpp"

namespace throng::targets::tcp {

struct TcpStepSpec final : core::StepSpec {
    core::Template send;        // may be empty: the step only reads (a greeting)
    std::string expect = "\n";  // the reply ends with its first occurrence; never empty
    std::string target;         // the target's name, or "" for the one tcp target

    std::string_view protocol() const override { return "tcp"; }
    // "send get k:${id}\r\n, expect END\r\n" (control characters escaped).
    std::string describe() const override;
    std::string_view target_name() const override { return target; }
};

// {"send": "get k:${id}\r\n", "expect": "END\r\n", "target": "cache"}; `send`
// may hold ${...} placeholders, `expect` defaults to "\n".
class TcpStepParser final : public core::StepParser {
public:
    std::string_view key() const override { return "tcp"; }
    std::vector<std::string_view> url_forms() const override { return {"tcp://"}; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node,
                                                core::StepParseContext& context) const override;
};

}  // namespace throng::targets::tcp
