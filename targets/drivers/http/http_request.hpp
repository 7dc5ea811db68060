#pragma once
// HTTP steps built in C++ (for plans written in code): the same request a
// scenario's "http" part describes, checked by the same parser, so path,
// method, headers and ${...} placeholders follow the same rules.
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
    std::string body;
};

// A request step named `name` (its description when empty); ${env.X}
// placeholders read `env` (the process environment by default). Throws
// std::invalid_argument with every problem found.
core::Step request(const Request& request, std::string name = "");
core::Step request(const Request& request, std::string name, const core::EnvLookup& env);
core::Step get(std::string path, std::string name = "");
core::Step post(std::string path, std::string body, std::string name = "");

}  // namespace throng::targets::http
