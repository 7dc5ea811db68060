#include "harness/core/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

// The layout below is HdrHistogram's (Java AbstractHistogram / HdrHistogram_c
// hdr_calculate_bucket_config), so counts_[i] means exactly what HdrHistogram's
// counts[i] means for the same (lowest, highest, digits) and a V2 encoding of
// counts_ can be read by HdrHistogram's tools.
//
// Values are split into buckets of sub_bucket_count sub-buckets each. Bucket 0
// covers [0, sub_bucket_count << unit_magnitude) in steps of 2^unit_magnitude;
// bucket k > 0 covers [sub_bucket_half_count << (k + unit), sub_bucket_count <<
// (k + unit)) in steps of 2^(k + unit). The lower half of every bucket above 0
// overlaps the bucket below it, so only its upper half is stored: that is why
// the counts array has (bucket_count + 1) * sub_bucket_half_count entries.

namespace throng::core {

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

// 2 * 10^digits: the largest value that must still be recorded with unit
// resolution for the requested number of significant digits.
std::int64_t largest_value_with_single_unit_resolution(int digits) {
    std::int64_t v = 2;
    for (int i = 0; i < digits; ++i) v *= 10;
    return v;
}

// ceil(log2(v)) for v >= 1, in integers. HdrHistogram computes this with
// floating-point logs; for 2 * 10^d (d = 1..5) that is never a power of two,
// so both give the same answer.
int ceil_log2(std::int64_t v) { return static_cast<int>(std::bit_width(static_cast<std::uint64_t>(v - 1))); }

// floor(log2(v)) for v >= 1.
int floor_log2(std::int64_t v) { return static_cast<int>(std::bit_width(static_cast<std::uint64_t>(v))) - 1; }

}  // namespace

Histogram::Geometry Histogram::geometry_of(const HistogramLayout& layout) {
    if (layout.lowest_discernible < 1) {
        throw std::invalid_argument("histogram: lowest_discernible must be >= 1");
    }
    // highest >= 2 * lowest, written so that 2 * lowest cannot overflow.
    if (layout.lowest_discernible > layout.highest_trackable / 2) {
        throw std::invalid_argument("histogram: highest_trackable must be >= 2 * lowest_discernible");
    }
    if (layout.significant_digits < 1 || layout.significant_digits > 5) {
        throw std::invalid_argument("histogram: significant_digits must be between 1 and 5");
    }
    Geometry g;
    g.sub_bucket_count_magnitude = ceil_log2(largest_value_with_single_unit_resolution(layout.significant_digits));
    g.sub_bucket_half_count_magnitude = std::max(g.sub_bucket_count_magnitude, 1) - 1;
    g.unit_magnitude = floor_log2(layout.lowest_discernible);
    // Same limit as HdrHistogram: the top of a sub-bucket range must fit in 63 bits.
    if (g.unit_magnitude + g.sub_bucket_half_count_magnitude > 61) {
        throw std::invalid_argument("histogram: significant_digits too high for this lowest_discernible");
    }
    // Buckets needed so that highest_trackable is below the top of the last
    // bucket. A bucket whose top would overflow 63 bits is the last one.
    std::int64_t smallest_untrackable = std::int64_t{2} << (g.sub_bucket_half_count_magnitude + g.unit_magnitude);
    g.bucket_count = 1;
    while (smallest_untrackable <= layout.highest_trackable) {
        if (smallest_untrackable > int64_max / 2) {
            ++g.bucket_count;
            break;
        }
        smallest_untrackable <<= 1;
        ++g.bucket_count;
    }
    return g;
}

std::size_t Histogram::Geometry::counts_length() const {
    return static_cast<std::size_t>(bucket_count + 1) * (std::size_t{1} << sub_bucket_half_count_magnitude);
}

std::size_t Histogram::counts_length_for(HistogramLayout layout) { return geometry_of(layout).counts_length(); }

Histogram::Histogram(HistogramLayout layout) : layout_(layout) {
    const Geometry g = geometry_of(layout_);
    unit_magnitude_ = g.unit_magnitude;
    sub_bucket_count_magnitude_ = g.sub_bucket_count_magnitude;
    sub_bucket_half_count_magnitude_ = g.sub_bucket_half_count_magnitude;
    bucket_count_ = g.bucket_count;
    sub_bucket_count_ = std::int32_t{1} << (sub_bucket_half_count_magnitude_ + 1);
    sub_bucket_half_count_ = sub_bucket_count_ / 2;
    sub_bucket_mask_ = (static_cast<std::int64_t>(sub_bucket_count_) - 1) << unit_magnitude_;
    // OR-ing the mask into a value before counting leading zeros makes every
    // value below sub_bucket_count << unit land in bucket 0 with one clz.
    leading_zero_count_base_ = 64 - unit_magnitude_ - sub_bucket_half_count_magnitude_ - 1;
    counts_.assign(g.counts_length(), 0);
    reset();
}

void Histogram::record_n(std::int64_t value, std::uint64_t count) {
    // A zero count must not move min/max, which are only meaningful with data.
    if (count == 0) return;
    // Values below lowest_discernible (including 0 and negatives) count as it;
    // HdrHistogram would keep them in the sub-units of bucket 0, which we do not
    // report separately.
    if (value < layout_.lowest_discernible) value = layout_.lowest_discernible;
    if (value > layout_.highest_trackable) {
        value = layout_.highest_trackable;
        saturated_ += count;
    }
    // value is in [lowest, highest] here, so the index is in range by the
    // bucket count computed in the constructor.
    const int bucket =
        leading_zero_count_base_ - std::countl_zero(static_cast<std::uint64_t>(value | sub_bucket_mask_));
    const auto sub_bucket = static_cast<std::int32_t>(value >> (bucket + unit_magnitude_));
    // NOLINTNEXTLINE(bugprone-misplaced-widening-cast): the index fits an int (a few thousand at most)
    const auto index = static_cast<std::size_t>(((bucket + 1) << sub_bucket_half_count_magnitude_) +
                                                (sub_bucket - sub_bucket_half_count_));
    counts_[index] += count;
    total_count_ += count;
    // min_/max_ start at int64 max / 0 (see reset), so no "first value" branch.
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
}

void Histogram::record_corrected(std::int64_t value, std::int64_t expected_interval) {
    record(value);
    // value >= expected_interval > 0 keeps every subtraction below from overflowing.
    if (expected_interval <= 0 || value < expected_interval) return;
    for (std::int64_t missing = value - expected_interval; missing >= expected_interval; missing -= expected_interval) {
        record(missing);
    }
}

Histogram Histogram::from_counts(HistogramLayout layout, std::span<const std::uint64_t> counts) {
    Histogram h(layout);
    if (counts.size() > h.counts_.size()) {
        throw std::invalid_argument("histogram: " + std::to_string(counts.size()) + " counts do not fit a layout of " +
                                    std::to_string(h.counts_.size()));
    }
    // Fold what record() could never have produced into the buckets its
    // clamping would have chosen (see the header).
    const std::size_t lowest_index = h.index_for(layout.lowest_discernible);
    const std::size_t highest_index = h.index_for(layout.highest_trackable);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const std::uint64_t count = counts[i];
        if (count == 0) continue;
        if (count > std::numeric_limits<std::uint64_t>::max() - h.total_count_) {
            throw std::invalid_argument("histogram: counts add up to more than 2^64 - 1");
        }
        if (i > highest_index) h.saturated_ += count;
        h.counts_[std::clamp(i, lowest_index, highest_index)] += count;
        h.total_count_ += count;
    }
    if (h.total_count_ == 0) return h;
    std::size_t first = lowest_index;
    while (h.counts_[first] == 0) ++first;
    std::size_t last = highest_index;
    while (h.counts_[last] == 0) --last;
    h.min_ = h.value_at_index(first);
    h.max_ = h.highest_equivalent(h.value_at_index(last));
    return h;
}

void Histogram::merge(const Histogram& other) {
    if (!(layout_ == other.layout_)) {
        throw std::invalid_argument("histogram: cannot merge histograms of different layouts");
    }
    // Equal layouts give equal counts arrays index for index, so adding them
    // is exact (unlike HdrHistogram's re-recording path for unequal layouts).
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_count_ += other.total_count_;
    saturated_ += other.saturated_;
    // An empty histogram holds min_ = int64 max and max_ = 0, neutral here.
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

void Histogram::reset() {
    // Counts are non-zero only from min_'s bucket to max_'s (record, merge and
    // from_counts keep it so): clearing that range is enough, and a histogram
    // that saw a narrow band of latencies resets in a fraction of its size.
    if (total_count_ > 0) {
        const auto first = static_cast<std::ptrdiff_t>(index_for(min_));
        const auto last = static_cast<std::ptrdiff_t>(index_for(max_));
        std::fill(counts_.begin() + first, counts_.begin() + last + 1, 0);
    }
    total_count_ = 0;
    saturated_ = 0;
    min_ = int64_max;
    max_ = 0;
}

void Histogram::restore_extremes(std::int64_t min, std::int64_t max) {
    if (total_count_ == 0 || min > max) return;
    if (min >= 0 && min <= layout_.highest_trackable && index_for(min) == index_for(min_)) min_ = min;
    if (max >= 0 && max <= layout_.highest_trackable && index_for(max) == index_for(max_)) max_ = max;
}

std::int64_t Histogram::min() const { return total_count_ == 0 ? 0 : min_; }

std::int64_t Histogram::max() const { return total_count_ == 0 ? 0 : max_; }

double Histogram::mean() const {
    if (total_count_ == 0) return 0.0;
    // As HdrHistogram: every count stands for the middle of its bucket. Only
    // the indexes between the recorded min and max can be non-zero.
    double total = 0.0;
    const std::size_t last = index_for(max_);
    for (std::size_t i = index_for(min_); i <= last; ++i) {
        if (counts_[i] == 0) continue;
        total += static_cast<double>(median_equivalent(value_at_index(i))) * static_cast<double>(counts_[i]);
    }
    return total / static_cast<double>(total_count_);
}

double Histogram::stdev() const {
    if (total_count_ == 0) return 0.0;
    const double m = mean();
    double deviation_total = 0.0;
    const std::size_t last = index_for(max_);
    for (std::size_t i = index_for(min_); i <= last; ++i) {
        if (counts_[i] == 0) continue;
        const double deviation = static_cast<double>(median_equivalent(value_at_index(i))) - m;
        deviation_total += deviation * deviation * static_cast<double>(counts_[i]);
    }
    return std::sqrt(deviation_total / static_cast<double>(total_count_));
}

std::int64_t Histogram::value_at_percentile(double percentile) const {
    if (total_count_ == 0) return 0;
    // HdrHistogram Java (AbstractHistogram.getValueAtPercentile, 2.1.12): take
    // one ulp off the percentile so that e.g. 99.9% of 41000 asks for rank
    // 40959 and not 40960 through floating-point round-off, clamp to 0..100,
    // then round the count up. The product is formed in Java's order.
    const double requested =
        std::min(std::max(std::nextafter(percentile, -std::numeric_limits<double>::infinity()), 0.0), 100.0);
    const double fp_count = (requested * static_cast<double>(total_count_)) / 100.0;
    // !(x > 0) also catches NaN, which Java's (long) cast turns into 0.
    std::uint64_t count_at = fp_count > 0.0 ? static_cast<std::uint64_t>(std::ceil(fp_count)) : 0;
    // At least the first recorded value; at most all of them (100% is the
    // max's bucket even if the ulp nudge lost a count on a huge total).
    count_at = std::clamp<std::uint64_t>(count_at, 1, total_count_);
    if (percentile >= 100.0) count_at = total_count_;

    std::uint64_t cumulative = 0;
    const std::size_t last = index_for(max_);
    for (std::size_t i = index_for(min_); i <= last; ++i) {
        cumulative += counts_[i];
        if (cumulative >= count_at) {
            const std::int64_t value = value_at_index(i);
            return percentile == 0.0 ? lowest_equivalent(value) : highest_equivalent(value);
        }
    }
    // Unreachable while counts_ sums to total_count_.
    return highest_equivalent(max_);
}

std::int64_t Histogram::value_at_index(std::size_t index) const {
    // Inverse of the index computation: the bucket is the half-count block
    // minus one; block 0 is the lower half of bucket 0.
    const auto i = static_cast<std::int64_t>(index);
    std::int64_t bucket = (i >> sub_bucket_half_count_magnitude_) - 1;
    std::int64_t sub_bucket = (i & (sub_bucket_half_count_ - 1)) + sub_bucket_half_count_;
    if (bucket < 0) {
        sub_bucket -= sub_bucket_half_count_;
        bucket = 0;
    }
    return sub_bucket << (bucket + unit_magnitude_);
}

std::size_t Histogram::index_for(std::int64_t value) const {
    // The index record(value) counts into: clamp as record_n does.
    value = std::clamp(value, layout_.lowest_discernible, layout_.highest_trackable);
    const int bucket =
        leading_zero_count_base_ - std::countl_zero(static_cast<std::uint64_t>(value | sub_bucket_mask_));
    const std::int64_t sub_bucket = value >> (bucket + unit_magnitude_);
    return static_cast<std::size_t>((static_cast<std::int64_t>(bucket + 1) << sub_bucket_half_count_magnitude_) +
                                    (sub_bucket - sub_bucket_half_count_));
}

// The equivalence helpers below follow HdrHistogram for any value >= 0, even
// outside [lowest, highest] (value_at_index of the last index can exceed
// highest_trackable); negative values are treated as 0.

std::int64_t Histogram::lowest_equivalent(std::int64_t value) const {
    value = std::max<std::int64_t>(value, 0);
    const int bucket =
        leading_zero_count_base_ - std::countl_zero(static_cast<std::uint64_t>(value | sub_bucket_mask_));
    const std::int64_t sub_bucket = value >> (bucket + unit_magnitude_);
    return sub_bucket << (bucket + unit_magnitude_);
}

std::int64_t Histogram::equivalent_range(std::int64_t value) const {
    value = std::max<std::int64_t>(value, 0);
    // HdrHistogram also bumps the bucket when sub_bucket >= sub_bucket_count,
    // which the clz-based bucket index never produces, so it is left out.
    const int bucket =
        leading_zero_count_base_ - std::countl_zero(static_cast<std::uint64_t>(value | sub_bucket_mask_));
    return std::int64_t{1} << (bucket + unit_magnitude_);
}

std::int64_t Histogram::highest_equivalent(std::int64_t value) const {
    const std::int64_t low = lowest_equivalent(value);
    const std::int64_t range = equivalent_range(value);
    // Saturate rather than overflow for the top bucket of a layout that
    // reaches int64 max.
    if (low > int64_max - (range - 1)) return int64_max;
    return low + (range - 1);
}

std::int64_t Histogram::median_equivalent(std::int64_t value) const {
    return lowest_equivalent(value) + (equivalent_range(value) >> 1);
}

}  // namespace throng::core
