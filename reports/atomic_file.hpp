#pragma once
// Writes a file so that readers see either the old content or the whole new
// content, never a torn one: write a temporary file beside it, flush, rename.
#include <filesystem>
#include <string_view>

namespace throng::reports {

// Creates missing parent directories. Throws std::runtime_error naming the
// path and the reason on failure; the destination is then left untouched.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace throng::reports
