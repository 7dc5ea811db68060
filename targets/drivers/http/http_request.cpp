#include "targets/drivers/http/http_request.hpp"

#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "targets/drivers/http/http_step.hpp"
#include "targets/drivers/http/step_files.hpp"
#include "targets/drivers/http/tls_context.hpp"

namespace throng::targets::http {

core::Step request(const Request& request, std::string name) {
    return http::request(request, std::move(name), [](std::string_view variable) -> std::optional<std::string> {
        if (const char* value = std::getenv(std::string(variable).c_str())) return std::string(value);
        return std::nullopt;
    });
}

core::Step request(const Request& request, std::string name, const core::EnvLookup& env) {
    nlohmann::json part = {{"method", request.method}, {"path", request.path}};
    // A body given here is text: one starting with '@' is not a file's name.
    if (!request.body.empty()) part["body"] = request.body.starts_with('@') ? "@" + request.body : request.body;
    for (const auto& [header, value] : request.headers) part["headers"][header] = value;

    core::Diagnostics diags("");
    core::StepParseContext context(diags, env);
    // Invalid UTF-8 is replaced rather than thrown on: the parser then says what is wrong.
    const auto text = part.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const auto spec = HttpStepParser().parse(core::json::parse(text), context);
    if (!spec || !diags.empty()) {
        std::string message = "invalid request:";
        for (const auto& d : diags.list()) message += "\n  " + d.message;
        throw std::invalid_argument(message);
    }
    core::Step step;
    step.name = name.empty() ? spec->describe() : std::move(name);
    step.spec = spec;
    return step;
}

std::shared_ptr<const core::TargetOptions> https_target_options(const Tls& tls) {
    const auto read = [](const std::string& file) -> std::optional<std::string> {
        if (file.empty()) return std::nullopt;
        std::string why;
        auto content = read_bounded_file(file, &why);
        if (!content) throw std::invalid_argument("TLS: " + why);
        return content;
    };
    TlsSettings settings;
    settings.insecure = tls.insecure;
    settings.ca_pem = read(tls.ca_file);
    settings.cert_pem = read(tls.cert_file);
    settings.key_pem = (tls.key_file.empty() ? settings.cert_pem : read(tls.key_file)).value_or("");
    std::string why;
    auto options = std::make_shared<HttpTargetOptions>();
    options->tls_context = make_tls_context(settings, &why);
    if (!options->tls_context) throw std::invalid_argument("TLS: " + why);
    options->insecure = tls.insecure;
    return options;
}

core::Step get(std::string path, std::string name) {
    return request({"GET", std::move(path), {}, {}}, std::move(name));
}

core::Step post(std::string path, std::string body, std::string name) {
    return request({"POST", std::move(path), {}, std::move(body)}, std::move(name));
}

}  // namespace throng::targets::http
