#!/usr/bin/env node
// Opens a report.html in Debian's headless Chromium, the way a person would
// open the file, and prints one JSON object saying what happened:
//
//   node check_report.js REPORT.html SCREENSHOT.png
//
// Every network request other than the report's own file is aborted and
// counted (blocked, failed, other: the report must make none); console errors, page errors
// and JS dialogs are collected (a dialog means an injected script ran); each
// chart's drawn points are counted; the verdict and the visible text are read;
// the load time is measured; a full-page screenshot is saved. The caller
// (tests/integration/html_report_browser_test.cpp) judges the result: this
// script fails only when it cannot do its job.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const chromiumPath = '/usr/bin/chromium';

async function main() {
  const [reportArg, screenshotArg] = process.argv.slice(2);
  if (!reportArg || !screenshotArg) {
    console.error('usage: node check_report.js REPORT.html SCREENSHOT.png');
    process.exit(2);
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: scripts/install-deps.sh --tests installs Debian's chromium`);
  }
  const report = path.resolve(reportArg);
  const screenshot = path.resolve(screenshotArg);
  const reportUrl = pathToFileURL(report).href;
  const out = {
    report, screenshot, bytes: fs.statSync(report).size,
    load_ms: null, goto_ms: null, title: null, verdict: null, verdict_text: null,
    console_errors: [], page_errors: [], blocked_requests: [], failed_requests: [], other_requests: [], dialogs: [],
    scripts: null, images: null, charts: [], visible_text: null,
  };

  // A fresh profile each time: nothing cached or remembered from another run.
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'throng-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
      timeout: 60000,
    });
    // Only the report itself may load; anything else is refused and counted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === reportUrl) return route.continue();
      out.blocked_requests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (msg) => { if (msg.type() === 'error') out.console_errors.push(msg.text()); });
    page.on('pageerror', (err) => out.page_errors.push(String(err)));
    page.on('dialog', async (dialog) => {
      out.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      await dialog.dismiss().catch(() => {});
    });
    page.on('requestfailed', (request) => {
      out.failed_requests.push(`${request.url()} (${request.failure()?.errorText})`);
    });
    // Routes see http(s) only; this sees every request, file: and data: too.
    page.on('request', (request) => {
      if (request.url() !== reportUrl) out.other_requests.push(request.url());
    });

    const started = Date.now();
    await page.goto(reportUrl, { waitUntil: 'load', timeout: 60000 });
    out.goto_ms = Date.now() - started;

    Object.assign(out, await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const verdict = document.querySelector('#verdict');
      const charts = [...document.querySelectorAll('figure.chart')].map((figure) => {
        const lines = [...figure.querySelectorAll('polyline.series')];
        const svg = figure.querySelector('svg');
        const box = svg ? svg.getBoundingClientRect() : null;
        return {
          id: figure.dataset.chart,
          empty: figure.dataset.empty === 'true',
          series: lines.length,
          points: lines.reduce((n, line) => n + line.points.numberOfItems, 0),
          markers: figure.querySelectorAll('circle.pt').length,
          width: box ? Math.round(box.width) : 0,
          height: box ? Math.round(box.height) : 0,
          no_data: figure.querySelector('.no-data')?.textContent ?? null,
        };
      });
      return {
        load_ms: nav ? Math.round(nav.loadEventEnd - nav.startTime) : null,
        title: document.title,
        verdict: verdict?.dataset.verdict ?? null,
        verdict_text: verdict?.querySelector('.word')?.innerText ?? null,
        scripts: document.scripts.length,
        images: document.images.length,
        charts,
        visible_text: document.body.innerText,
      };
    }));
    await page.screenshot({ path: screenshot, fullPage: true });
  } finally {
    if (context) await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  console.error(`check_report.js: ${err.stack || err}`);
  process.exit(1);
});
