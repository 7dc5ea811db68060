#include "targets/drivers/http/tls_options.hpp"

#include "targets/drivers/http/step_files.hpp"
#include "targets/drivers/http/tls_context.hpp"

namespace throng::targets::http {

namespace {

// The file a member names, read whole; a problem is reported at the member.
std::optional<std::string> read_named_file(core::ObjectReader& tls, std::string_view key,
                                           const std::filesystem::path& base_dir) {
    const auto name = tls.string(key);
    if (!name) return std::nullopt;
    std::string why;
    auto content = read_bounded_file(base_dir / *name, &why);
    if (!content) tls.diagnostics().error(*tls.get(key), "`" + std::string(key) + "` in " + tls.what() + ": " + why);
    return content;
}

}  // namespace

std::optional<TargetTls> read_tls_options(core::ObjectReader& reader, const std::filesystem::path& base_dir) {
    const core::json::Value* node = reader.get("tls");
    if (node == nullptr) return std::nullopt;
    auto& diags = reader.diagnostics();
    const core::json::Value* url = reader.value().is_object() ? reader.value().find("url") : nullptr;
    if (url != nullptr && url->is_string() && !url->as_string().starts_with("https://")) {
        diags.error(*node, "`tls` in " + reader.what() + " is for https:// targets");
        return std::nullopt;
    }
    const std::size_t errors_before = diags.list().size();
    core::ObjectReader tls(*node, diags, "`tls` of " + reader.what());
    TlsSettings settings;
    settings.insecure = tls.boolean("insecure").value_or(false);
    const auto ca = read_named_file(tls, "ca_file", base_dir);
    const auto cert = read_named_file(tls, "cert_file", base_dir);
    // A key in the certificate's file is found there.
    const auto key = tls.get("key_file") != nullptr ? read_named_file(tls, "key_file", base_dir) : cert;
    if (tls.get("key_file") != nullptr && tls.get("cert_file") == nullptr)
        diags.error(*tls.get("key_file"),
                    "`key_file` in " + tls.what() + " needs `cert_file`, the certificate it goes with");
    if (settings.insecure && tls.get("ca_file") != nullptr)
        diags.error(*tls.get("ca_file"), "`ca_file` in " + tls.what() +
                                             " is never used with `insecure: true`, which verifies no certificate");
    tls.finish();
    if (diags.list().size() != errors_before) return std::nullopt;
    settings.ca_pem = ca;
    settings.cert_pem = cert;
    settings.key_pem = key.value_or("");
    std::string why;
    TargetTls out;
    out.insecure = settings.insecure;
    out.context = make_tls_context(settings, &why);
    if (!out.context) {
        diags.error(*node, "`tls` in " + reader.what() + ": " + why);
        return std::nullopt;
    }
    return out;
}

}  // namespace throng::targets::http
