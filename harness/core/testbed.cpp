#include "harness/core/testbed.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "harness/core/version.hpp"

namespace throng::core {

namespace {

std::string read_cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("model name")) continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) break;
        const auto start = line.find_first_not_of(" \t", colon + 1);
        return start == std::string::npos ? std::string() : line.substr(start);
    }
    return {};
}

}  // namespace

Testbed Testbed::of_this_machine() {
    Testbed t;
    t.cpu_model = read_cpu_model();
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    t.cores = online > 0 ? static_cast<int>(online) : 0;
    utsname names{};
    if (::uname(&names) == 0) {
        t.kernel = names.release;
        t.hostname = names.nodename;
    }
    t.throng_version = version;
    t.build_type = core::build_type;
    return t;
}

}  // namespace throng::core
