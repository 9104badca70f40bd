#!/bin/sh
# Installs Debian's Chromium for the browser test (playwright-core drives /usr/bin/chromium).
# Idempotent: does nothing when it is already there.
set -eu

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: must run as root (or with sudo available)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# Fonts with Vietnamese glyphs so screenshots render diacritics.
$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-dejavu-core
/usr/bin/chromium --version
