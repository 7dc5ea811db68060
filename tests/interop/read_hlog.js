'use strict';
// Reads an HdrHistogram interval log (.hlog) with hdr-histogram-js's
// HistogramLogReader and prints every interval it finds, as JSON:
//   node read_hlog.js FILE
//   [{"tag":T|null,"startTimeStampMsec":MS,"endTimeStampMsec":MS,"totalCount":N,"maxValue":V},...]
const fs = require('fs');
const hdr = require('hdr-histogram-js');

const reader = new hdr.HistogramLogReader(fs.readFileSync(process.argv[2], 'utf8'), 64, false);
const intervals = [];
for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
  intervals.push({
    tag: h.tag === 'NO TAG' ? null : h.tag,
    startTimeStampMsec: h.startTimeStampMsec,
    endTimeStampMsec: h.endTimeStampMsec,
    totalCount: h.totalCount,
    maxValue: h.maxValue,
  });
}
console.log(JSON.stringify(intervals));
