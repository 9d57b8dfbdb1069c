#!/usr/bin/env sh
# Builds node-llama-cpp's llama.cpp addon for Android (Bionic) on the phone itself, inside Termux,
# and puts it where the local-swarm binary loads it from. Run it once per local-swarm version:
#
#   sh termux-build-addon.sh ./local-swarm-android-arm64
#
# The prebuilt Linux addons are linked against glibc and cannot load on Android, so the addon is
# compiled here with Termux's clang and cmake from the llama.cpp source node-llama-cpp ships
# (its git bundle: no download from GitHub). Takes 10-30 minutes on a phone; keep Termux open.
set -eu

binary=${1:-local-swarm}
if [ -z "${PREFIX:-}" ] || [ ! -d "$PREFIX" ]; then
    echo "This script runs inside Termux on Android." >&2
    exit 2
fi
if ! runtime_dir=$("$binary" runtime --path); then
    echo "Could not run $binary; pass the local-swarm binary as the first argument." >&2
    exit 2
fi
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$runtime_dir/package.json" | head -n 1)
echo "==> local-swarm loads node-llama-cpp $version from $runtime_dir"

echo "==> 1/4 installing the build tools (nodejs-lts, clang, cmake, make, git)"
pkg install -y nodejs-lts clang cmake make git binutils

work=$(mktemp -d "${TMPDIR:-$PREFIX/tmp}/local-swarm-addon.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"

echo "==> 2/4 fetching node-llama-cpp $version from the npm registry"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "node-llama-cpp@$version"

echo "==> 3/4 compiling llama.cpp for this phone's CPU (this is the long step)"
npx --no node-llama-cpp source download --gpu false --noUsageExample

echo "==> 4/4 installing the addon into $runtime_dir/llama/localBuilds"
built="$work/node_modules/node-llama-cpp/llama/localBuilds"
mkdir -p "$runtime_dir/llama/localBuilds"
for folder in "$built"/*; do
    [ -f "$folder/buildDone.status" ] || continue
    name=$(basename "$folder")
    rm -rf "$runtime_dir/llama/localBuilds/$name.partial"
    cp -R "$folder" "$runtime_dir/llama/localBuilds/$name.partial"
    rm -rf "$runtime_dir/llama/localBuilds/$name"
    mv "$runtime_dir/llama/localBuilds/$name.partial" "$runtime_dir/llama/localBuilds/$name"
    echo "    installed $name"
done

echo "==> checking that local-swarm loads it"
"$binary" runtime
