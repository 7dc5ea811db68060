#pragma once
// Runs a program as a child process for end-to-end tests: output captured in
// files, a time limit, and signals for the Ctrl-C tests.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace throng::test {

struct ProcessResult {
    int exit_code = -1;  // -1 if killed by a signal
    std::string out;
    std::string err;
};

inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class Process {
public:
    Process(const std::vector<std::string>& argv, const std::filesystem::path& work_dir) : dir_(work_dir) {
        static int serial = 0;
        const auto tag = std::to_string(::getpid()) + "-" + std::to_string(++serial);
        out_path_ = dir_ / ("stdout-" + tag);
        err_path_ = dir_ / ("stderr-" + tag);
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(out, 1);
            ::dup2(err, 2);
            if (::chdir(dir_.c_str()) != 0) ::_exit(126);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
    }
    ~Process() {
        if (pid_ > 0 && !done_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    void signal(int sig) { ::kill(pid_, sig); }

    // Waits for the exit; kills the child if it outlives the limit (then exit_code is -1).
    ProcessResult wait(std::chrono::seconds limit = std::chrono::seconds(120)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        int status = 0;
        for (;;) {
            const pid_t r = ::waitpid(pid_, &status, WNOHANG);
            if (r == pid_) break;
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        done_ = true;
        ProcessResult result;
        result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        result.out = read_text(out_path_);
        result.err = read_text(err_path_);
        return result;
    }

private:
    std::filesystem::path dir_, out_path_, err_path_;
    pid_t pid_ = -1;
    bool done_ = false;
};

// The full path of an executable found on PATH, or "" if there is none.
inline std::string executable_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    const std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    for (std::size_t start = 0; start <= dirs.size();) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
        if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        start = end + 1;
    }
    return "";
}

inline ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& work_dir,
                                 std::chrono::seconds limit = std::chrono::seconds(120)) {
    Process p(argv, work_dir);
    return p.wait(limit);
}

}  // namespace throng::test
