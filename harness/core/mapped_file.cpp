#include "harness/core/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/core/diagnostics.hpp"

namespace throng::core {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& message) {
    Diagnostics diags(path);
    diags.error(json::Position{}, "", message);
    throw InputError(diags.list());
}

// Closes the descriptor whatever happens: the mapping outlives it.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

MappedFile::MappedFile(const std::string& path) {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer (no effect on files).
    const Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
    if (file.fd < 0) fail(path, std::string("cannot open the file: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) fail(path, std::string("cannot read the file: ") + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) fail(path, "is a directory; expected a data file");
    if (!S_ISREG(info.st_mode)) fail(path, "is not a regular file (a pipe or a device); expected a data file");
    size_ = static_cast<std::size_t>(info.st_size);
    if (size_ == 0) return;  // nothing to map
    data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, file.fd, 0);
    if (data_ == MAP_FAILED) {
        data_ = nullptr;
        fail(path, std::string("cannot read the file: ") + std::strerror(errno));
    }
    ::madvise(data_, size_, MADV_SEQUENTIAL);  // read once, front to back
}

MappedFile::~MappedFile() {
    if (data_ != nullptr) ::munmap(data_, size_);
}

}  // namespace throng::core
