#pragma once
// A data file's bytes, mapped read-only instead of copied into memory: the
// kernel pages them in as a loader reads them and may drop them again, so a
// large feeder file is held once (as its rows), not twice. (Another process
// truncating the file while it is read would fault the reader: feeder files
// are read once, at load, before any load starts.)
#include <cstddef>
#include <string>
#include <string_view>

namespace throng::core {

class MappedFile {
public:
    // Throws InputError (at 1:1 of `path`) when the file cannot be opened,
    // is a directory, or is not a regular file (a FIFO or /dev/zero would
    // never end or never be whole).
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view text() const { return {static_cast<const char*>(data_), size_}; }

private:
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace throng::core
