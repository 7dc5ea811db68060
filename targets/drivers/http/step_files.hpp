#pragma once
// Files an http step sends (a body "@data/order.json", a multipart part's
// file), read once when the scenario is loaded, relative to it.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "harness/core/json.hpp"
#include "harness/core/step_spec.hpp"

namespace throng::targets::http {

// A regular file of at most 64 MiB, read whole (a FIFO or a device such as
// /dev/stdin would block or never end); nullopt and why in *why otherwise.
std::optional<std::string> read_bounded_file(const std::filesystem::path& path, std::string* why);

// The content of `name`, or nullopt with the problem reported at `at`
// (`what` names the member: "`body` in http step").
std::optional<std::string> read_step_file(const core::json::Value& at, std::string_view name,
                                          core::StepParseContext& context, const std::string& what);

// `multipart`: {"field": "value ${x}", "file": {"file": "a.png", "filename": "a.png",
// "content_type": "image/png"}}, as the template text of a multipart/form-data
// body (files' contents literal, fields' placeholders kept) and its boundary.
// Problems are reported; then nullopt.
struct MultipartBody {
    std::string template_text;
    std::string boundary;
};
std::optional<MultipartBody> read_multipart(const core::json::Value& node, core::StepParseContext& context);

}  // namespace throng::targets::http
