# Sourced by Patchbay's scripts: puts the project's tools first on PATH.
# npm's binaryen (e2e/node_modules/.bin/wasm-opt) must win over Debian's old one.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$root/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
