#!/usr/bin/env bash
# Installs what throng needs from Debian's packages, only what is missing.
# Quiet when everything is already there. Idempotent.
#   scripts/install-deps.sh           build dependencies
#   scripts/install-deps.sh --tests   + what the tests use
#   scripts/install-deps.sh --bench   + the peers the benchmarks compare with
#   scripts/install-deps.sh --fuzz    + clang and libFuzzer (scripts/fuzz.sh)
#   scripts/install-deps.sh --tidy    + clang-tidy (scripts/tidy.sh)
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config libboost1.81-dev libboost-url1.81-dev nlohmann-json3-dev catch2 libbenchmark-dev
          libpqxx-dev libpq-dev libhiredis-dev zlib1g-dev libssl-dev libre2-dev libbrotli-dev libnghttp2-dev)
for arg in "$@"; do
  case "$arg" in
    --tests) packages+=(python3 python3-jsonschema python3-junitparser procps openssl postgresql redis-server redis-tools)
             # nghttpd, the HTTP/2 server the HTTP/2 connection is tested against.
             packages+=(nghttp2-server)
             # python3-junitparser reads our JUnit XML back (tests/support/read_junit.py).
             # Headless Chromium (/usr/bin/chromium) opens report.html in the
             # browser test, driven by playwright-core (tests/browser), which
             # never downloads a browser of its own; the fonts draw its text.
             packages+=(chromium fonts-dejavu-core)
             # Node.js + npm run the HdrHistogram interop tests (hdr-histogram-js).
             # Debian's only if there is no node already (e.g. from NodeSource or
             # nvm, whose npm comes with it and would conflict with Debian's).
             command -v node >/dev/null 2>&1 || packages+=(nodejs npm) ;;
    --bench) packages+=(openssl wrk nginx-light apache2-utils time postgresql redis-server redis-tools valgrind)
             packages+=(nghttp2-client) ;;  # h2load, the HTTP/2 peer
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --tidy) packages+=(clang-tidy) ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
