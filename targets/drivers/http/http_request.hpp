#pragma once
// HTTP steps built in C++ (for plans written in code): the same request a
// scenario's "http" part describes, checked by the same parser, so path,
// method, headers and ${...} placeholders follow the same rules.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/core/plan.hpp"
#include "harness/core/template.hpp"

namespace throng::targets::http {

struct Request {
    std::string method = "GET";
    std::string path = "/";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  // a template, like the rest; a leading '@' is sent as it is (not a file's name)
};

// A request step named `name` (its description when empty); ${env.X}
// placeholders read `env` (the process environment by default). Throws
// std::invalid_argument with every problem found.
core::Step request(const Request& request, std::string name = "");
core::Step request(const Request& request, std::string name, const core::EnvLookup& env);
core::Step get(std::string path, std::string name = "");
core::Step post(std::string path, std::string body, std::string name = "");

// An https target's TLS settings (a scenario target's `tls`): PEM files of
// trusted CAs (instead of the system's), of a client certificate and its key
// (key_file empty: in cert_file), or no verification at all.
struct Tls {
    std::string ca_file;
    std::string cert_file;
    std::string key_file;
    bool insecure = false;
};

// The options of an https target (core::Target::options) with those
// settings, the files read now. Throws std::invalid_argument saying what
// does not load.
std::shared_ptr<const core::TargetOptions> https_target_options(const Tls& tls);

}  // namespace throng::targets::http
