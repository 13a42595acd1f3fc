#!/usr/bin/env bash
# Installs what coursegen needs from Debian's packages, only when it is missing.
# Safe to run again and again: a machine that has everything is left untouched.
set -euo pipefail

# cmark-gfm parses the chapters; KaTeX (node module `katex`, its CSS and fonts from `libjs-katex`
# and `fonts-katex`) typesets their math at build time; node runs KaTeX. Chromium and the Noto
# CJK fonts are for the tests that open the built site in a headless browser.
packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config katex libjs-katex fonts-katex
          chromium fonts-noto-cjk)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null 2>&1; then
  echo "setup: no 'node' on PATH; install Debian's nodejs (apt-get install nodejs) to typeset math" >&2
  exit 1
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no 'swift' on PATH; coursegen needs Swift 6.3 (swift.org)" >&2
  exit 1
fi
