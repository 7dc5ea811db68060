#pragma once
// A templated command made ready to render: its constant words framed in RESP
// once, only the words with placeholders rendered (and framed) per command.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/template.hpp"
#include "targets/drivers/redis/redis_step.hpp"

namespace throng::targets::redis {

class CommandTemplate {
public:
    CommandTemplate() = default;
    explicit CommandTemplate(std::shared_ptr<const RedisStepSpec> spec);

    // Appends one command's RESP bytes to `out`.
    void render(const core::TemplateScope& scope, std::string& out) const;

private:
    // A word to render, after the framed bytes that come before it: the end
    // of the word before ("\r\n"), constant words, and the word's own header.
    struct Part {
        std::string before;
        const core::Template* word = nullptr;
    };
    std::shared_ptr<const RedisStepSpec> spec_;  // owns the templates the parts point to
    std::vector<Part> parts_;
    std::string after_;  // the bytes after the last word rendered
};

// The RESP bytes of a command without placeholders, formatted by hiredis.
std::string format_constant_command(const RedisStepSpec& spec);
// hiredis's own framing of a command's words (redisFormatCommandArgv); none if it refuses.
std::optional<std::string> format_with_hiredis(const std::vector<std::string>& words);

}  // namespace throng::targets::redis
