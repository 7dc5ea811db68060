#include "harness/cli/url_plan.hpp"

#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::cli {

namespace {

// Command-line requests are sent as given: "${" is not a placeholder there.
nlohmann::json escape_placeholders(nlohmann::json value) {
    if (value.is_string()) {
        std::string text = value.get<std::string>();
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text.compare(i, 2, "${") == 0) out += '$';
            out += text[i];
        }
        return out;
    }
    if (value.is_structured())
        for (auto& item : value) item = escape_placeholders(item);
    return value;
}

// The request goes through the same step parser as a scenario file's, so
// the flags get exactly the checks (and messages) the file would.
std::shared_ptr<const core::StepSpec> parse_step(const UrlRequest& request, const std::string& path) {
    nlohmann::json step = {{"method", request.method}, {"path", path}};
    if (!request.body.empty()) step["body"] = request.body;
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& header : request.headers) {
        const auto colon = header.find(':');
        if (colon == std::string::npos || colon == 0)
            throw std::invalid_argument("header `" + header + "` must look like `Name: value`");
        std::string value = header.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        headers[header.substr(0, colon)] = value;
    }
    if (!headers.empty()) step["headers"] = headers;

    core::Diagnostics diags("");
    // A URL's "${" is literal: no environment, and the parser is told so by escaping.
    core::StepParseContext context(diags, [](std::string_view) { return std::nullopt; });
    const targets::http::HttpStepParser parser;
    auto spec = parser.parse(core::json::parse(escape_placeholders(step).dump(-1, ' ', false,
                                                                             nlohmann::json::error_handler_t::replace)),
                             context);
    if (!diags.empty() || !spec) {
        std::string message = "invalid request:";
        for (const auto& d : diags.list()) message += "\n  " + d.message;
        throw std::invalid_argument(message);
    }
    return spec;
}

}  // namespace

core::Plan plan_for_url(const UrlRequest& request) {
    const std::string scheme = "http://";
    if (request.url.rfind(scheme, 0) != 0)
        throw std::invalid_argument("--url must start with http:// (got `" + request.url + "`)");
    const auto path_start = request.url.find_first_of("/?#", scheme.size());
    std::string path = path_start == std::string::npos ? "/" : request.url.substr(path_start);
    if (path.front() != '/') path.insert(0, "/");  // "http://host?x=1"
    if (const auto fragment = path.find('#'); fragment != std::string::npos) path.resize(fragment);

    const auto step = parse_step(request, path);
    core::Plan plan;
    plan.name = request.url;
    plan.target.url = request.url.substr(0, path_start);
    core::Step request_step;
    request_step.name = step->describe();
    request_step.spec = step;
    request_step.timeout = request.timeout;
    core::Flow flow;
    flow.name = "default";
    flow.steps.push_back(std::move(request_step));
    core::Scenario scenario;
    scenario.flows.push_back(std::move(flow));
    plan.scenarios.push_back(std::move(scenario));
    return plan;
}

}  // namespace throng::cli
