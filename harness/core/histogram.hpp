#pragma once
// An HDR-style log-linear histogram with HdrHistogram's bucket layout, so that
// its V2 encoding is compatible with HdrHistogram's own tools. Recording is
// O(1) and never allocates; merging two histograms of the same layout is exact.
#include <cstdint>
#include <span>
#include <vector>

namespace throng::core {

// The shape shared by histograms that can be merged: HdrHistogram's
// (lowest discernible value, highest trackable value, significant digits).
struct HistogramLayout {
    std::int64_t lowest_discernible = 1;
    std::int64_t highest_trackable = 3'600'000'000'000;  // 1 h in ns
    int significant_digits = 3;

    friend bool operator==(const HistogramLayout&, const HistogramLayout&) = default;
};

// Latencies are recorded in nanoseconds with this layout: 1 ns to 1 h, 3 digits.
inline constexpr HistogramLayout latency_layout{};

class Histogram {
public:
    Histogram() : Histogram(latency_layout) {}
    explicit Histogram(HistogramLayout layout);

    // A histogram with the given counts, indexed as counts_length() and
    // count_at_index() are (HdrHistogram's counts array order); `counts` may be
    // shorter than counts_length() (the rest is 0), as decoders produce it.
    // Throws std::invalid_argument if it is longer or the total overflows.
    //
    // The exact min and max are not known from counts alone; they are set the
    // way HdrHistogram's decoders do (establishInternalTackingValues): min is the
    // lowest value of the first non-zero bucket, max the highest value of the
    // last one. Index 0 (values below the unit 2^floor(log2(lowest)), e.g. 0:
    // HdrHistogram counts them there, record() never does) counts as
    // lowest_discernible, and buckets above the one of highest_trackable count
    // as highest_trackable and as saturated(): the clamping record() applies.
    static Histogram from_counts(HistogramLayout layout, std::span<const std::uint64_t> counts);

    // The counts_length() of a histogram of this layout, without allocating
    // it; throws std::invalid_argument for a layout the constructor refuses.
    static std::size_t counts_length_for(HistogramLayout layout);

    // Values below the lowest discernible value count as it, values above the
    // highest trackable value count as it (and as saturated()).
    void record(std::int64_t value) { record_n(value, 1); }
    void record_n(std::int64_t value, std::uint64_t count);
    // HdrHistogram's recordValueWithExpectedInterval (coordinated-omission
    // correction at recording time): records value, then value - k *
    // expected_interval for k = 1, 2, ... while that is >= expected_interval:
    // the samples a generator stalled by this one would have taken. An interval <= 0 records value alone. Costs
    // O(value / expected_interval): not for the per-request hot path.
    void record_corrected(std::int64_t value, std::int64_t expected_interval);

    // Sets the exact min and max that a decoded histogram cannot know (see
    // from_counts), e.g. from a result that printed them; ignored unless each
    // lies in the bucket of the current (bucket-level) min or max.
    void restore_extremes(std::int64_t min, std::int64_t max);

    // Exact for histograms of equal layout; throws std::invalid_argument otherwise.
    void merge(const Histogram& other);
    void reset();

    std::uint64_t count() const { return total_count_; }
    std::uint64_t saturated() const { return saturated_; }
    std::int64_t min() const;  // 0 when empty
    std::int64_t max() const;  // 0 when empty
    double mean() const;
    double stdev() const;
    // HdrHistogram semantics: the highest value equivalent to the recorded
    // value at or above the given percentile (0..100) of the count.
    std::int64_t value_at_percentile(double percentile) const;

    const HistogramLayout& layout() const { return layout_; }

    // Bucket-level access (for encoders and iteration).
    std::size_t counts_length() const { return counts_.size(); }
    std::uint64_t count_at_index(std::size_t index) const { return counts_[index]; }
    std::int64_t value_at_index(std::size_t index) const;
    std::size_t index_for(std::int64_t value) const;
    std::int64_t lowest_equivalent(std::int64_t value) const;
    std::int64_t highest_equivalent(std::int64_t value) const;
    std::int64_t median_equivalent(std::int64_t value) const;
    // Width of the range of values that count as the same as value.
    std::int64_t equivalent_range(std::int64_t value) const;

private:
    // Where the layout puts its buckets (the constructor's arithmetic).
    struct Geometry {
        int unit_magnitude = 0;
        int sub_bucket_count_magnitude = 0;
        int sub_bucket_half_count_magnitude = 0;
        int bucket_count = 0;
        std::size_t counts_length() const;
    };
    static Geometry geometry_of(const HistogramLayout& layout);

    HistogramLayout layout_;
    int unit_magnitude_ = 0;
    int sub_bucket_count_magnitude_ = 0;
    int sub_bucket_half_count_magnitude_ = 0;
    std::int32_t sub_bucket_count_ = 0;
    std::int32_t sub_bucket_half_count_ = 0;
    std::int64_t sub_bucket_mask_ = 0;
    int leading_zero_count_base_ = 0;
    int bucket_count_ = 0;

    std::vector<std::uint64_t> counts_;
    std::uint64_t total_count_ = 0;
    std::uint64_t saturated_ = 0;
    std::int64_t min_ = 0;  // meaningful only when total_count_ > 0
    std::int64_t max_ = 0;
};

}  // namespace throng::core
