# Shared set-up for the project's scripts: installs what is missing on a
# fresh Debian machine (apt packages, Rust, Node), and nothing else.

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
      apt_install curl ca-certificates
      curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    }
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

ensure_node() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
}

ensure_build_tools() {
  apt_install build-essential pkg-config
  ensure_rust
}

# System libraries the Tauri desktop app links against (WebKitGTK 4.1 and
# friends). `src-tauri` is a workspace member, so these are needed before
# any workspace-wide cargo command.
ensure_desktop_deps() {
  apt_install build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev \
    libayatana-appindicator3-dev librsvg2-dev libxdo-dev
}

# What the end-to-end test drives the app with: a virtual X display,
# WebKitGTK's WebDriver and tauri-driver (the bridge between the two).
ensure_e2e_tools() {
  ensure_desktop_deps
  apt_install xvfb webkit2gtk-driver
  # The browser app's end-to-end test (tests/tests/e2e_web.rs): Chromium
  # with phone emulation, driven through chromedriver.
  apt_install chromium chromium-driver
  ensure_rust
  command -v tauri-driver >/dev/null 2>&1 ||
    cargo install tauri-driver --version '^2' --locked
}

# PostgreSQL's server programs (initdb, pg_ctl): the tests in
# tests/tests/sync_postgres.rs start a throwaway cluster with them. Debian
# keeps them in /usr/lib/postgresql/<version>/bin, off PATH.
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
    ! command -v initdb >/dev/null 2>&1; then
    apt_install postgresql
  fi
}

# The web UI, built into ui/dist: Tauri embeds it when the app compiles.
build_ui() {
  ensure_node
  (cd ui && npm ci --no-audit --no-fund && npm run build)
}

# What the browser app's build needs: the wasm32 target, clang (SQLite's C
# code compiled for wasm32 by sqlite-wasm-rs), brotli, and the
# wasm-bindgen CLI of exactly the version in Cargo.lock.
ensure_wasm_tools() {
  ensure_rust
  apt_install clang brotli
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    rustup target add wasm32-unknown-unknown
  local want
  want=$(sed -n '/^name = "wasm-bindgen"$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    # Without --locked: a dependency version its lock file names can be
    # missing from the registry; the CLI itself is pinned exactly.
    cargo install wasm-bindgen-cli --version "=$want"
  fi
}

# What `scripts/check-android` needs to compile-check the app for Android
# without the Android NDK: the Rust target, clang (with llvm-ar) for the
# bundled C code, and glibc's aarch64 headers as a stand-in sysroot.
ensure_android_check_tools() {
  ensure_rust
  if ! rustup target list --installed 2>/dev/null | grep -qx aarch64-linux-android; then
    command -v rustup >/dev/null 2>&1 || {
      echo "rustup is needed to add the aarch64-linux-android target" >&2
      return 1
    }
    rustup target add aarch64-linux-android
  fi
  apt_install clang llvm libc6-dev-arm64-cross
}
