'use strict';
// Records values into an hdr-histogram-js histogram and prints its compressed
// base64 encoding:
//   node encode_histogram.js SPEC_FILE
//   SPEC_FILE: {"lowest":1,"highest":3600000000000,"digits":3,"values":[...],
//               "expectedInterval":0}   (> 0: recordValueWithExpectedInterval)
const fs = require('fs');
const hdr = require('hdr-histogram-js');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const h = hdr.build({
  lowestDiscernibleValue: spec.lowest,
  highestTrackableValue: spec.highest,
  numberOfSignificantValueDigits: spec.digits,
  bitBucketSize: 64,
  autoResize: false,
  useWebAssembly: false,
});
const interval = spec.expectedInterval || 0;
for (const value of spec.values) {
  if (interval > 0) h.recordValueWithExpectedInterval(value, interval);
  else h.recordValue(value);
}
process.stdout.write(hdr.encodeIntoCompressedBase64(h) + '\n');
