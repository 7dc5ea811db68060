#pragma once
// JSON Schema validation by an independent implementation (python3-jsonschema,
// draft 2020-12), so a schema is not only checked by the code it describes.
#include <filesystem>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace throng::test {

// True if `instance` validates against `schema` (and the schema itself is a
// valid 2020-12 schema); otherwise `why` holds the validator's message.
inline bool validates_against(const std::filesystem::path& schema, const std::filesystem::path& instance,
                              std::string& why) {
    TempDir dir;
    const auto r = run_process({"/usr/bin/python3", "-c",
                                "import json,sys,jsonschema\n"
                                "schema=json.load(open(sys.argv[1]))\n"
                                "jsonschema.Draft202012Validator.check_schema(schema)\n"
                                "jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))\n",
                                schema.string(), instance.string()},
                               dir.path());
    why = r.err;
    return r.exit_code == 0;
}

}  // namespace throng::test
