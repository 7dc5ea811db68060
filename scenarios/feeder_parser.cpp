#include "scenarios/feeder_parser.hpp"

#include <map>
#include <optional>
#include <string>

#include "harness/core/object_reader.hpp"
#include "scenarios/names.hpp"
#include "scenarios/reader_helpers.hpp"

namespace throng::scenarios {

namespace {

using core::FeederSpec;
using core::ObjectReader;
using core::json::Value;

// "csv" or "jsonl": `format` if given, else the file's extension.
std::optional<std::string> file_format(ObjectReader& reader, const std::string& file) {
    if (auto format = reader.choice("format", {"csv", "jsonl"})) return format;
    if (reader.get("format") != nullptr) return std::nullopt;  // reported by choice()
    const std::string extension = std::filesystem::path(file).extension().string();
    if (extension == ".csv") return "csv";
    if (extension == ".jsonl" || extension == ".ndjson") return "jsonl";
    reader.diagnostics().error(*reader.get("file"), "cannot tell the format of \"" + file +
                                                        "\" from its extension (.csv, .jsonl or .ndjson): set "
                                                        "`format` to `csv` or `jsonl`");
    return std::nullopt;
}

// The loader's own diagnostics, file:line:col included, reported at the `file` value.
std::shared_ptr<const core::FeederData> load_file(ObjectReader& reader, const std::filesystem::path& base_dir) {
    const auto file = non_empty_string(reader, "file");
    if (!file) return nullptr;
    const auto format = file_format(reader, *file);
    if (!format) return nullptr;
    const std::string path = (base_dir / *file).string();
    const Value& at = *reader.get("file");
    const std::string prefix = "cannot load feeder data: ";
    try {
        return std::make_shared<const core::FeederData>(*format == "csv" ? core::load_csv(path)
                                                                         : core::load_jsonl(path));
    } catch (const core::InputError& e) {
        for (const auto& d : e.diagnostics()) {
            reader.diagnostics().error(at, prefix + d.file + ":" + std::to_string(d.position.line) + ":" +
                                               std::to_string(d.position.column) + ": " + d.message);
        }
    } catch (const std::exception& e) {
        reader.diagnostics().error(at, prefix + path + ": " + e.what());
    }
    return nullptr;
}

std::shared_ptr<const core::FeederData> load_values(const Value& values, core::Diagnostics& diags) {
    const std::size_t errors_before = diags.list().size();
    auto data = std::make_shared<const core::FeederData>(core::feeder_from_json(values, diags));
    if (diags.list().size() != errors_before) return nullptr;
    return data;
}

void read_order(ObjectReader& reader, FeederSpec& spec) {
    const auto order = reader.choice("order", {"sequential", "random", "unique"});
    if (order == "random") spec.order = FeederSpec::Order::random;
    if (order == "unique") spec.order = FeederSpec::Order::unique;
    if (spec.order == FeederSpec::Order::random) {
        reader.reject("on_exhausted", "`on_exhausted` does not apply to random order, which never runs out");
        return;
    }
    spec.on_exhausted =
        spec.order == FeederSpec::Order::unique ? FeederSpec::OnExhausted::stop : FeederSpec::OnExhausted::wrap;
    if (auto when = reader.choice("on_exhausted", {"wrap", "stop"})) {
        spec.on_exhausted = *when == "stop" ? FeederSpec::OnExhausted::stop : FeederSpec::OnExhausted::wrap;
    }
}

// nullptr when its data could not be read. With other errors the feeder is
// still returned, so that what it defines is known (the plan is not used).
std::shared_ptr<const FeederSpec> read_feeder(const Value::Member& member, const std::filesystem::path& base_dir,
                                              core::Diagnostics& diags) {
    ObjectReader reader(member.value, diags, "feeder " + in_backticks(member.key));
    if (!reader.valid()) return nullptr;
    auto spec = std::make_shared<FeederSpec>();
    spec->name = member.key;
    const Value* file = reader.get("file");
    const Value* values = reader.get("values");
    if (file != nullptr && values != nullptr) {
        reader.reject("values", "use either `file` or `values` in " + reader.what() + ", not both");
    } else if (file != nullptr) {
        spec->data = load_file(reader, base_dir);
    } else if (values != nullptr) {
        reader.reject("format", "`format` in " + reader.what() + " is used only with `file`");
        spec->data = load_values(*values, diags);
    } else {
        diags.error(member.value, reader.what() + " needs `file` (a CSV or JSON-lines file) or `values` (an array)");
    }
    reader.allow("format");
    read_order(reader, *spec);
    reader.finish();
    if (!spec->data) return nullptr;
    return spec;
}

}  // namespace

std::vector<std::shared_ptr<const FeederSpec>> parse_feeders(const Value& node, const std::filesystem::path& base_dir,
                                                             References& references, core::Diagnostics& diags) {
    std::vector<std::shared_ptr<const FeederSpec>> out;
    if (!node.is_object()) {
        diags.error(node,
                    "`data` must be an object of feeder names to feeders like {\"users\": {\"file\": "
                    "\"users.csv\"}}, got " +
                        std::string(node.kind_name()));
        return out;
    }
    std::map<std::string, core::json::Position> seen;
    for (const auto& member : node.members()) {
        if (member.key.starts_with('$') || member.key.starts_with("//")) continue;
        if (!is_identifier(member.key)) {
            diags.error(member.key_position, member.value.pointer(),
                        "feeder name " + in_backticks(member.key) + " " + std::string(identifier_rule));
            continue;
        }
        const auto [first, inserted] = seen.emplace(member.key, member.key_position);
        if (!inserted) {
            diags.error(member.key_position, member.value.pointer(),
                        "duplicate feeder name " + in_backticks(member.key) + first_at(first->second));
            continue;
        }
        if (auto spec = read_feeder(member, base_dir, diags))
            out.push_back(std::move(spec));
        else
            references.add_unloaded_feeder(member.key);
    }
    return out;
}

}  // namespace throng::scenarios
