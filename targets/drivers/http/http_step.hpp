#pragma once
// The "http" part of a scenario step: which request to send. Only the reading
// of the scenario lives here; the driver that sends the request is elsewhere.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/core/step_spec.hpp"

namespace throng::targets::http {

struct HttpStepSpec final : core::StepSpec {
    std::string method = "GET";  // an HTTP token, uppercased
    std::string path;            // starts with '/', may carry a query
    // In source order. Never Content-Length or Transfer-Encoding: the driver
    // frames the body itself.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::optional<std::chrono::nanoseconds> timeout;  // none: the driver's default

    std::string_view protocol() const override { return "http"; }
    std::string describe() const override { return method + " " + path; }
};

// {"method": "POST", "path": "/items", "headers": {...}, "body": ..., "timeout": "2s"}
class HttpStepParser final : public core::StepParser {
public:
    std::string_view key() const override { return "http"; }
    std::shared_ptr<const core::StepSpec> parse(const core::json::Value& node,
                                                core::Diagnostics& diags) const override;
};

// RFC 9110 token: what methods and header names are made of.
bool is_http_token(std::string_view text);

}  // namespace throng::targets::http
