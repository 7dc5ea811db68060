'use strict';
// Decodes a compressed base64 HdrHistogram (throng's encoding) with
// hdr-histogram-js and prints what that implementation makes of it, as JSON:
//   node decode_histogram.js FILE PERCENTILE...
//   {"totalCount":N,"minNonZeroValue":V|null,"maxValue":V,"percentiles":[[P,V],...]}
const fs = require('fs');
const hdr = require('hdr-histogram-js');

const [file, ...percentiles] = process.argv.slice(2);
// 64-bit counts (so no count is truncated) and the plain JS implementation.
const h = hdr.decodeFromCompressedBase64(fs.readFileSync(file, 'utf8'), 64, false);
const empty = h.totalCount === 0;
console.log(JSON.stringify({
  totalCount: h.totalCount,
  minNonZeroValue: empty ? null : h.minNonZeroValue,
  maxValue: h.maxValue,
  percentiles: percentiles.map(Number).map((p) => [p, h.getValueAtPercentile(p)]),
}));
