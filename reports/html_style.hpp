#pragma once
// The report's stylesheet, inlined into the page: the file must read the same
// offline, so no font, image or sheet is fetched. Chart colours are classes
// c1..c6 setting --c, which lines, markers and legend swatches all read.
#include <string_view>

namespace throng::reports {

inline constexpr std::string_view report_css = R"css(
:root { color-scheme: light; }
body { margin: 0; background: #f5f6f8; color: #1f2933;
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 12px 24px 40px; }
h1 { font-size: 22px; margin: 4px 0 2px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d5dae0; }
h3 { font-size: 14px; margin: 4px 0; }
.kicker { color: #616e7c; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; margin-top: 8px; }
.description { color: #52606d; margin: 0 0 8px; overflow-wrap: anywhere; }
div.verdict { border-left: 10px solid; border-radius: 6px; padding: 10px 16px; margin: 10px 0 14px; }
div.verdict .word { font-size: 26px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
div.verdict .why { display: block; margin-top: 2px; overflow-wrap: anywhere; }
.v-passed, .v-improvement { background: #e6f5eb; border-color: #1e8e4a; color: #14532d; }
.v-thresholds_failed, .v-regression, .v-setup_failed { background: #fdeaea; border-color: #c62828; color: #7f1d1d; }
.v-invalid, .v-inconclusive { background: #fff4d6; border-color: #d69e00; color: #6b4b00; }
.v-interrupted, .v-incomplete, .v-unknown, .v-no_change { background: #eceff3; border-color: #7b8794; color: #323f4b; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0; }
dt { color: #616e7c; }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 6px 0 16px; background: #fff; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: #52606d; padding: 4px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e4e7eb; text-align: left; vertical-align: top; }
th { background: #eaeef2; font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
td.name { overflow-wrap: anywhere; max-width: 460px; }
tfoot td { font-weight: 600; border-top: 2px solid #c4cbd3; }
tr.ok .mark { color: #1e8e4a; }
tr.fail .mark, tr.fail .name { color: #b71c1c; font-weight: 600; }
tr.skipped .mark { color: #7b8794; }
tr.metric.v-regression td { background: #fdeaea; }
tr.metric.v-improvement td { background: #e6f5eb; }
tr.metric.v-inconclusive td { background: #fff4d6; }
tr.metric.v-regression td.verdict { color: #b71c1c; font-weight: 700; }
tr.metric.v-improvement td.verdict { color: #1e7a43; font-weight: 700; }
p.summary { padding: 6px 10px; border-radius: 4px; overflow-wrap: anywhere; }
.problem, .warning { border-radius: 4px; padding: 6px 12px; margin: 8px 0; overflow-wrap: anywhere; }
.problem { background: #fdeaea; border: 1px solid #efb0b0; color: #7f1d1d; }
.warning { background: #fff4d6; border: 1px solid #ecd08a; color: #5c4100; }
.problem ul, .warning ul { margin: 2px 0; padding-left: 20px; }
.quiet { color: #616e7c; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 14px; }
figure.chart { margin: 0; background: #fff; border: 1px solid #e1e5ea; border-radius: 6px; padding: 8px 10px 6px; }
figcaption { font-weight: 600; overflow-wrap: anywhere; }
figcaption .unit { color: #616e7c; font-weight: 400; }
svg { display: block; width: 100%; height: auto; }
svg text { font-size: 11px; fill: #52606d; }
svg .tick.y { text-anchor: end; dominant-baseline: middle; }
svg .tick.x { text-anchor: middle; }
svg .axis-label { text-anchor: end; }
svg .grid { stroke: #e8ebef; }
svg .axis, svg .tick-mark { stroke: #9aa5b1; }
polyline.series { fill: none; stroke: var(--c); stroke-width: 1.8; stroke-linejoin: round; }
polyline.series.dashed { stroke-dasharray: 6 4; stroke-width: 1.5; opacity: .8; }
circle.pt { fill: var(--c); }
circle.pt.dashed { fill: #fff; stroke: var(--c); stroke-width: 1.2; }
.c1 { --c: #2563eb; } .c2 { --c: #e08a00; } .c3 { --c: #d62828; }
.c4 { --c: #2a9d55; } .c5 { --c: #7c3aed; } .c6 { --c: #0e9aa7; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 16px; margin: 2px 0 0; padding: 0;
            font-size: 12px; color: #3e4c59; }
.swatch { display: inline-block; width: 22px; border-top: 3px solid var(--c); vertical-align: middle; margin-right: 6px; }
.swatch.dashed { border-top-style: dashed; }
p.no-data { color: #7b8794; font-style: italic; text-align: center; padding: 48px 0; margin: 0; }
footer { color: #7b8794; font-size: 12px; margin-top: 32px; }
)css";

}  // namespace throng::reports
