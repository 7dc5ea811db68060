#include "harness/cli/url_plan.hpp"

#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::cli {

namespace {

// The request goes through the same step parser as a scenario file's, so
// the flags get exactly the checks (and messages) the file would.
std::shared_ptr<const core::StepSpec> parse_step(const UrlRequest& request, const std::string& path) {
    nlohmann::json step = {{"method", request.method},
                           {"path", path},
                           {"timeout", static_cast<double>(request.timeout.count()) / 1e9}};
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
    const targets::http::HttpStepParser parser;
    auto spec = parser.parse(core::json::parse(step.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
                             diags);
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
    core::Flow flow;
    flow.name = "default";
    flow.steps.push_back({step->describe(), step, {}});
    plan.flows.push_back(std::move(flow));
    return plan;
}

}  // namespace throng::cli
