#pragma once
// Live progress on stderr. On a terminal: one line rewritten every interval
// (elapsed/planned, VUs, req/s, p95, error %). Elsewhere (CI logs): a plain
// line every few seconds.
#include <cstdio>

#include "harness/engine/runner.hpp"

namespace throng::engine {

class ProgressPrinter {
public:
    ProgressPrinter(std::FILE* out, bool terminal, double plain_every_s = 5.0);
    void update(const IntervalUpdate& update);
    // Ends the terminal line so that what follows starts on a new one.
    void finish();

private:
    std::FILE* out_;
    bool terminal_;
    double plain_every_s_;
    double next_plain_s_ = 0;
    bool line_open_ = false;
    bool stopping_printed_ = false;
};

}  // namespace throng::engine
