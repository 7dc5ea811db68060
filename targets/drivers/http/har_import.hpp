#pragma once
// A browser's recording (HAR 1.2) turned into a scenario: one http step per
// request, in order, with the recorded gaps as think time, the headers throng
// manages left out, and a value a response gave that later requests send
// back (a token) extracted and reused. `throng import har` prints it.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace throng::targets::http {

struct HarImportOptions {
    std::string name = "imported";  // the scenario's name
    bool skip_static = false;       // leave out stylesheets, scripts, images, fonts
};

struct HarImport {
    nlohmann::json scenario;            // valid against scenarios/scenario.schema.json
    std::vector<std::string> warnings;  // worth telling the user (cookies not replayed, ...)
};

// Throws std::invalid_argument when `har` is not a HAR log with entries.
HarImport import_har(const nlohmann::json& har, const HarImportOptions& options);

}  // namespace throng::targets::http
