#include "targets/drivers/redis/command_template.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <hiredis/hiredis.h>

#include "targets/drivers/redis/resp_command.hpp"

namespace throng::targets::redis {

namespace {
// The header a rendered word starts behind: it assumes a one-digit length
// (keys mostly are that short), written in once the word is there.
constexpr std::string_view provisional_header = "$0\r\n";
}  // namespace

CommandTemplate::CommandTemplate(std::shared_ptr<const RedisStepSpec> spec) : spec_(std::move(spec)) {
    // Constant bytes gather in `framed` up to the next word to render, so that
    // each rendered word costs one append before it (and one after the last).
    std::string framed;
    append_array_header(framed, spec_->words.size());
    for (const core::Template& word : spec_->words) {
        if (word.is_constant()) {
            append_bulk_string(framed, word.render(core::TemplateScope{}));
            continue;
        }
        framed.append(provisional_header);
        parts_.push_back({std::move(framed), &word});
        framed.assign("\r\n", 2);  // ends the word just rendered
    }
    after_ = std::move(framed);
}

void CommandTemplate::render(const core::TemplateScope& scope, std::string& out) const {
    for (const Part& part : parts_) {
        out.append(part.before);
        const std::size_t start = out.size();                             // of the word, behind its header
        const std::size_t digit = start - provisional_header.size() + 1;  // the header's "0"
        part.word->render(scope, out);
        const std::size_t length = out.size() - start;
        if (length < 10) {
            out[digit] = static_cast<char>('0' + length);
        } else {
            // A longer word moves up for its digits.
            char digits[24];
            const char* end = std::to_chars(digits, digits + sizeof digits, length).ptr;
            out.replace(digit, 1, digits, static_cast<std::size_t>(end - digits));
        }
    }
    out.append(after_);
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
