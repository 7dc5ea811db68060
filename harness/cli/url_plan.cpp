#include "harness/cli/url_plan.hpp"

#include <memory>
#include <stdexcept>

#include "harness/core/redact.hpp"
#include "harness/core/url.hpp"
#include "targets/drivers/http/http_request.hpp"

namespace throng::cli {

namespace {

// The request goes through the same step parser as a scenario file's, so
// the flags get exactly the checks (and messages) the file would.
// Command-line requests are sent as given: "${" is not a placeholder there.
std::string escaped(const std::string& text) { return core::Template::escaped(text); }

core::Step request_step(const UrlRequest& request, const std::string& path) {
    targets::http::Request http_request;
    http_request.method = request.method;
    http_request.path = escaped(path);
    http_request.body = escaped(request.body);
    for (const auto& header : request.headers) {
        const auto colon = header.find(':');
        if (colon == std::string::npos || colon == 0)
            throw std::invalid_argument("header `" + header + "` must look like `Name: value`");
        std::string value = header.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        http_request.headers.emplace_back(header.substr(0, colon), escaped(value));
    }
    const auto no_environment = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    return targets::http::request(http_request, "", no_environment);
}

}  // namespace

core::Plan plan_for_url(const UrlRequest& request) {
    const auto scheme_end = request.url.find("://");
    const std::string_view scheme = std::string_view(request.url).substr(0, scheme_end);
    if (scheme_end == std::string::npos || (scheme != "http" && scheme != "https"))
        throw std::invalid_argument("--url must start with http:// or https:// (got `" +
                                    core::redact_password(request.url) + "`)");
    // The target is scheme://authority, read as a URL; the path and query go
    // into the request as written, as curl sends them (`?filter[a]=1` too).
    const auto path_start = request.url.find_first_of("/?#", scheme_end + 3);
    const std::string base = request.url.substr(0, path_start);
    std::string why;
    if (!core::parse_url(base, &why))
        throw std::invalid_argument("target `" + core::redact_password(base) + "`: " + why);
    std::string path = path_start == std::string::npos ? "/" : request.url.substr(path_start);
    if (path.front() != '/') path.insert(0, "/");  // "http://host?x=1"
    if (const auto fragment = path.find('#'); fragment != std::string::npos) path.resize(fragment);

    core::Step step = request_step(request, path);
    step.timeout = request.timeout;
    core::Plan plan;
    plan.name = core::redact_password(request.url);  // the name is written and printed
    plan.main_target().url = base;
    if (request.insecure) {
        if (scheme != "https") throw std::invalid_argument("--insecure is for https:// URLs");
        targets::http::Tls tls;
        tls.insecure = true;
        plan.main_target().options = targets::http::https_target_options(tls);
    }
    core::Flow flow;
    flow.name = "default";
    flow.steps.push_back(std::move(step));
    core::Scenario scenario;
    scenario.flows.push_back(std::move(flow));
    plan.scenarios.push_back(std::move(scenario));
    return plan;
}

}  // namespace throng::cli
