#include "harness/cli/url_plan.hpp"

#include <memory>
#include <stdexcept>

#include "targets/drivers/http/http_step.hpp"

namespace throng::cli {

core::Plan plan_for_url(const UrlRequest& request) {
    const std::string scheme = "http://";
    if (request.url.rfind(scheme, 0) != 0)
        throw std::invalid_argument("--url must start with http:// (got `" + request.url + "`)");
    const auto path_start = request.url.find('/', scheme.size());
    auto step = std::make_shared<targets::http::HttpStepSpec>();
    step->method = request.method;
    step->path = path_start == std::string::npos ? "/" : request.url.substr(path_start);
    step->body = request.body;
    step->timeout = request.timeout;
    for (const auto& header : request.headers) {
        const auto colon = header.find(':');
        if (colon == std::string::npos || colon == 0)
            throw std::invalid_argument("header `" + header + "` must look like `Name: value`");
        std::string value = header.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        step->headers.emplace_back(header.substr(0, colon), value);
    }

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
