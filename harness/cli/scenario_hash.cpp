#include "harness/cli/scenario_hash.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace throng::cli {

namespace {

// "http://host:port/path?q" -> "/path?q"
std::string without_host(const std::string& url) {
    const auto scheme = url.find("://");
    const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return path == std::string::npos ? "/" : url.substr(path);
}

std::string sha256_hex(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) return "";
    std::string hex;
    char byte[3];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(byte, sizeof byte, "%02x", digest[i]);
        hex += byte;
    }
    return hex;
}

}  // namespace

std::string scenario_hash(const std::string& scenario_file, const Args& args) {
    std::string input;
    const auto field = [&](const std::string& name, const std::string& value) {
        input += name + '\0' + std::to_string(value.size()) + '\0' + value + '\0';
    };
    if (!scenario_file.empty()) {
        std::ifstream in(scenario_file, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        field("file", bytes.str());
    } else {
        field("url", without_host(args.value("--url").value_or("")));
        for (const char* option : {"--method", "--header", "--body", "--timeout"})
            for (const auto& value : args.values(option)) field(option, value);
    }
    for (const char* option :
         {"--vus", "--duration", "--iterations", "--rate", "--seed", "--threads", "--set", "--env"})
        for (const auto& value : args.values(option)) field(option, value);
    return sha256_hex(input);
}

}  // namespace throng::cli
