#include "targets/drivers/redis/command_template.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <utility>

#include <hiredis/hiredis.h>

#include "targets/drivers/redis/resp_command.hpp"

namespace throng::targets::redis {

CommandTemplate::CommandTemplate(std::shared_ptr<const RedisStepSpec> spec) : spec_(std::move(spec)) {
    std::string constant;
    append_array_header(constant, spec_->words.size());
    for (const core::Template& word : spec_->words) {
        if (word.is_constant()) {
            append_bulk_string(constant, word.render(core::TemplateScope{}));
            continue;
        }
        if (!constant.empty()) parts_.push_back({std::move(constant), nullptr});
        constant.clear();
        parts_.push_back({{}, &word});
    }
    if (!constant.empty()) parts_.push_back({std::move(constant), nullptr});
}

void CommandTemplate::render(const core::TemplateScope& scope, std::string& out) const {
    for (const Part& part : parts_) {
        if (part.word == nullptr) {
            out += part.framed;
            continue;
        }
        // Rendered in place, behind a header that assumes a one-digit length
        // (keys mostly are that short); a longer word moves up for its digits.
        const std::size_t header = out.size();
        out.append("$0\r\n", 4);
        part.word->render(scope, out);
        const std::size_t length = out.size() - header - 4;
        if (length < 10) {
            out[header + 1] = static_cast<char>('0' + length);
        } else {
            char digits[24];
            const char* end = std::to_chars(digits, digits + sizeof digits, length).ptr;
            out.replace(header + 1, 1, digits, static_cast<std::size_t>(end - digits));
        }
        out.append("\r\n", 2);
    }
}

std::optional<std::string> format_with_hiredis(const std::vector<std::string>& words) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& word : words) {
        argv.push_back(word.data());
        lengths.push_back(word.size());
    }
    char* formatted = nullptr;
    const int length = redisFormatCommandArgv(&formatted, static_cast<int>(argv.size()), argv.data(), lengths.data());
    if (length < 0 || formatted == nullptr) return std::nullopt;
    std::string bytes(formatted, static_cast<std::size_t>(length));
    redisFreeCommand(formatted);
    return bytes;
}

std::string format_constant_command(const RedisStepSpec& spec) {
    std::vector<std::string> words;
    for (const auto& word : spec.words) words.push_back(word.render(core::TemplateScope{}));
    auto bytes = format_with_hiredis(words);
    if (!bytes) throw std::runtime_error("cannot format the Redis command `" + spec.describe() + "`");
    return std::move(*bytes);
}

}  // namespace throng::targets::redis
