#pragma once
// An https target's `tls` object: {"ca_file", "cert_file", "key_file",
// "insecure"}, read at load time (the files once, relative to the scenario).
#include <filesystem>
#include <memory>

#include "harness/core/object_reader.hpp"

namespace boost::asio::ssl {
class context;
}

namespace throng::targets::http {

struct TargetTls {
    std::shared_ptr<boost::asio::ssl::context> context;
    bool insecure = false;
};

// The target's `tls` member as a ready context (problems reported through
// `reader`, then nullopt); without one, nullopt.
std::optional<TargetTls> read_tls_options(core::ObjectReader& reader, const std::filesystem::path& base_dir);

}  // namespace throng::targets::http
