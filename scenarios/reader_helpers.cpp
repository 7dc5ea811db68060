#include "scenarios/reader_helpers.hpp"

namespace throng::scenarios {

std::optional<std::chrono::nanoseconds> positive_duration(core::ObjectReader& reader, std::string_view key) {
    const auto d = reader.duration(key);
    if (!d || d->count() > 0) return d;
    reader.diagnostics().error(*reader.get(key),
                               "`" + std::string(key) + "` in " + reader.what() + " must be greater than 0");
    return std::nullopt;
}

std::optional<std::string> non_empty_string(core::ObjectReader& reader, std::string_view key, bool required) {
    auto text = reader.string(key, required);
    if (!text || !text->empty()) return text;
    reader.diagnostics().error(*reader.get(key),
                               "`" + std::string(key) + "` in " + reader.what() + " must not be empty");
    return std::nullopt;
}

}  // namespace throng::scenarios
