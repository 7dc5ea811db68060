#include "targets/drivers/http/http_request.hpp"

#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::targets::http {

core::Step request(const Request& request, std::string name) {
    nlohmann::json part = {{"method", request.method}, {"path", request.path}};
    if (!request.body.empty()) part["body"] = request.body;
    for (const auto& [header, value] : request.headers) part["headers"][header] = value;

    core::Diagnostics diags("(C++ plan)");
    core::StepParseContext context(diags, [](std::string_view variable) -> std::optional<std::string> {
        if (const char* value = std::getenv(std::string(variable).c_str())) return std::string(value);
        return std::nullopt;
    });
    const auto spec = HttpStepParser().parse(core::json::parse(part.dump()), context);
    if (!spec || !diags.empty()) {
        std::string message = "invalid http request " + request.method + " " + request.path + ":";
        for (const auto& d : diags.list()) message += "\n  " + d.message;
        throw std::invalid_argument(message);
    }
    core::Step step;
    step.name = name.empty() ? spec->describe() : std::move(name);
    step.spec = spec;
    return step;
}

core::Step get(std::string path, std::string name) {
    return request({"GET", std::move(path), {}, {}}, std::move(name));
}

core::Step post(std::string path, std::string body, std::string name) {
    return request({"POST", std::move(path), {}, std::move(body)}, std::move(name));
}

}  // namespace throng::targets::http
