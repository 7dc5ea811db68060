#pragma once
// The machine and build a run was measured on. Two runs are comparable only
// on the same kind of machine and build: a baseline records it.
#include <string>

namespace throng::core {

struct Testbed {
    std::string cpu_model;  // /proc/cpuinfo "model name"
    int cores = 0;          // online CPUs
    std::string kernel;     // uname release
    std::string throng_version;
    std::string build_type;  // CMake build type, with sanitizers if any: "Debug+address,undefined"
    std::string hostname;

    // Read from this machine (fields it cannot read stay empty).
    static Testbed of_this_machine();
};

}  // namespace throng::core
