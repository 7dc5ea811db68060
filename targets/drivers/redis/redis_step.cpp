#include "targets/drivers/redis/redis_step.hpp"

#include <algorithm>

#include "harness/core/object_reader.hpp"

namespace throng::targets::redis {

namespace {

using core::json::Value;

constexpr std::string_view what = "redis step";
constexpr std::string_view command_forms =
    "an array of strings like [\"GET\", \"key:${id}\"] or a string like \"GET key:${id}\"";

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string uppercase(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// Commands after which Redis no longer answers one reply per command: a load
// step's replies would no longer match its commands.
bool changes_reply_flow(std::string_view name) {
    static constexpr std::string_view commands[] = {"SUBSCRIBE",    "PSUBSCRIBE",   "SSUBSCRIBE", "UNSUBSCRIBE",
                                                    "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR"};
    const std::string upper = uppercase(name);
    for (const auto command : commands)
        if (upper == command) return true;
    return false;
}

// One word of the command: a string (a template) or a number (its JSON text).
void read_word(const Value& at, std::string_view text, bool first, core::StepParseContext& context,
               RedisStepSpec& spec) {
    if (first && text.empty()) {
        context.diagnostics().error(at,
                                    "`command` in redis step must start with the command's name, like GET, "
                                    "got an empty string");
        return;
    }
    if (first && changes_reply_flow(text)) {
        context.diagnostics().error(at, "`command` in redis step cannot be " + uppercase(text) +
                                            ": it changes how the connection answers (pub/sub, MONITOR), "
                                            "which load steps do not support");
        return;
    }
    if (auto compiled = context.compile(at, text)) spec.words.push_back(std::move(*compiled));
}

void read_command_array(const Value& command, core::StepParseContext& context, RedisStepSpec& spec) {
    if (command.items().empty()) {
        context.diagnostics().error(command,
                                    "`command` in redis step must not be empty: give at least the "
                                    "command's name, like [\"PING\"]");
        return;
    }
    bool first = true;
    for (const Value& item : command.items()) {
        if (item.is_string()) {
            read_word(item, item.as_string(), first, context, spec);
        } else if (item.is_number()) {
            read_word(item, item.dump(), first, context, spec);
        } else {
            context.diagnostics().error(item,
                                        "each word of `command` in redis step must be a string or a number, "
                                        "got " +
                                            std::string(item.kind_name()));
        }
        first = false;
    }
}

void read_command(core::ObjectReader& reader, core::StepParseContext& context, RedisStepSpec& spec) {
    const Value* command = reader.require("command");
    if (command == nullptr) return;
    if (command->is_array()) {
        read_command_array(*command, context, spec);
    } else if (command->is_string()) {
        const auto words = split_command(command->as_string());
        if (words.empty()) {
            context.diagnostics().error(*command,
                                        "`command` in redis step must not be empty: give at least the "
                                        "command's name, like \"PING\"");
            return;
        }
        bool first = true;
        for (const auto& word : words) {
            read_word(*command, word, first, context, spec);
            first = false;
        }
    } else {
        context.diagnostics().error(*command, "`command` in redis step must be " + std::string(command_forms) +
                                                  ", got " + core::describe_value(*command));
    }
}

void read_target(core::ObjectReader& reader, RedisStepSpec& spec) {
    const auto target = reader.string("target");
    if (!target) return;
    if (target->empty()) {
        reader.diagnostics().error(*reader.get("target"),
                                   "`target` in redis step must name a target of `targets`, "
                                   "got an empty string");
        return;
    }
    spec.target = *target;
}

}  // namespace

std::vector<std::string> split_command(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool in_placeholder = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_placeholder) {
            in_placeholder = c != '}';
        } else if (is_blank(c)) {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
            continue;
        } else if (c == '$' && text.substr(i, 3) == "$${") {
            word.append("$${");  // a literal "${": no placeholder opens
            i += 2;
            continue;
        } else if (c == '$' && text.substr(i, 2) == "${") {
            in_placeholder = true;
            word.append("${");
            ++i;
            continue;
        }
        word += c;
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

bool RedisStepSpec::is_constant() const {
    return std::all_of(words.begin(), words.end(), [](const core::Template& w) { return w.is_constant(); });
}

std::string RedisStepSpec::describe() const {
    std::string out;
    for (const auto& word : words) {
        if (!out.empty()) out += ' ';
        out += word.source();
    }
    return out;
}

std::shared_ptr<const core::StepSpec> RedisStepParser::parse(const Value& node, core::StepParseContext& context) const {
    auto& diags = context.diagnostics();
    const std::size_t errors_before = diags.list().size();
    core::ObjectReader reader(node, diags, std::string(what));
    if (!reader.valid()) return nullptr;
    auto spec = std::make_shared<RedisStepSpec>();
    read_command(reader, context, *spec);
    if (auto pipeline = reader.integer("pipeline", 1, RedisStepSpec::max_pipeline))
        spec->pipeline = static_cast<int>(*pipeline);
    read_target(reader, *spec);
    reader.finish();
    if (diags.list().size() != errors_before) return nullptr;
    return spec;
}

}  // namespace throng::targets::redis

namespace throng::targets::redis {

std::shared_ptr<const core::TargetOptions> RedisStepParser::parse_target_options(
    core::ObjectReader& reader, const std::filesystem::path& /*base_dir*/) const {
    auto options = std::make_shared<RedisTargetOptions>();
    if (auto pool = reader.integer("pool", 0, 10'000)) options->pool = static_cast<int>(*pool);
    return options;
}

}  // namespace throng::targets::redis
