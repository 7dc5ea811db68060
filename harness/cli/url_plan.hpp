#pragma once
// The plan behind `throng run --url URL`: one flow with one HTTP request.
#include <string>
#include <vector>

#include "harness/core/plan.hpp"

namespace throng::cli {

struct UrlRequest {
    std::string url;
    std::string method = "GET";
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
    std::chrono::nanoseconds timeout{std::chrono::seconds(10)};
    bool insecure = false;  // https: no certificate verification (curl's -k)
};

// Throws std::invalid_argument with a message for the user.
core::Plan plan_for_url(const UrlRequest& request);

}  // namespace throng::cli
