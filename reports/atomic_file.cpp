#include "reports/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace throng::reports {

namespace fs = std::filesystem;

void write_file_atomically(const fs::path& path, std::string_view content) {
    auto fail = [&](const std::string& what) {
        throw std::runtime_error("cannot write " + path.string() + ": " + what + ": " + std::strerror(errno));
    };
    if (path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec) throw std::runtime_error("cannot create " + path.parent_path().string() + ": " + ec.message());
    }
    std::string temp = path.string() + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) fail("cannot create a temporary file");
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int saved = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            errno = saved;
            fail("write failed");
        }
        written += static_cast<std::size_t>(n);
    }
    // mkstemp creates 0600; results are ordinary files.
    ::fchmod(fd, 0644);
    const bool synced = ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        fail("flush failed");
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        fail("rename failed");
    }
}

}  // namespace throng::reports
