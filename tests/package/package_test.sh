#!/usr/bin/env bash
# The Debian package, installed for real: cpack builds it from this build, apt installs it,
# and the installed chronicle answers --version, opens libcurl to publish, man finds its pages and bash completes with it.
# It is removed again at the end, even when a check fails, and never replaces a chronicle
# package that was installed before.
# Usage: package_test.sh BUILD_DIR
# Exit 77 (skipped) when not root: installing a package needs it.
set -euo pipefail
build=$1

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: installing the .deb needs root (dpkg); run the tests as root to test the package"
  exit 77
fi
if dpkg-query -W -f='${Status}' chronicle 2>/dev/null | grep -q 'install ok installed'; then
  echo "SKIP: a chronicle package is already installed here; this test does not replace it"
  exit 77
fi

work=$(mktemp -d)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    apt-get remove -y -qq -o DPkg::Lock::Timeout=300 chronicle >/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(echo "$work"/chronicle_*.deb)
[ -f "$deb" ] || fail "cpack wrote no chronicle_*.deb: $(ls "$work")"

# Its dependencies: dpkg-shlibdeps found the shared libraries; tzdata is named.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libical3 libicu libfmt libcurl libc6 tzdata; do
  [[ $depends == *"$lib"* ]] || fail "Depends does not name $lib"
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/chronicle ./usr/share/man/man1/chronicle.1.gz \
  ./usr/share/man/man5/chronicle-event.5.gz ./usr/share/bash-completion/completions/chronicle \
  ./usr/share/zsh/vendor-completions/_chronicle ./usr/share/fish/vendor_completions.d/chronicle.fish; do
  grep -q " $f\$" <<<"$contents" || fail "the package has no $f"
done

installed=1
apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "apt-get install $deb failed"; }

version=$(/usr/bin/chronicle --version)
echo "$version"
grep -q '^chronicle [0-9]' <<<"$version" || fail "--version: no version line"
for part in '^commit: ' '^libical: [0-9]' '^ICU: [0-9]' '^time-zone database: [0-9]'; do
  grep -q "$part" <<<"$version" || fail "--version has no line matching $part"
done

# libcurl is opened when a command first sends a request (dlopen, publish/http.cpp), so only
# the package's Depends brings it: a publish to a port of the loopback address where nothing
# listens must fail with curl's own reason, not with "cannot load libcurl".
/usr/bin/chronicle init "$work/timeline" --name Package >/dev/null
rc=0
got=$(/usr/bin/chronicle --events "$work/timeline" publish http://127.0.0.1:1/cal/ 2>&1) || rc=$?
[ "$rc" = 3 ] || fail "publish to a closed port: exit $rc, not 3: $got"
grep -q "failed: .*127.0.0.1 port 1" <<<"$got" || fail "publish to a closed port: $got"

[ "$(man -w chronicle)" = /usr/share/man/man1/chronicle.1.gz ] || fail "man -w chronicle: $(man -w chronicle 2>&1)"
[ "$(man -w 5 chronicle-event)" = /usr/share/man/man5/chronicle-event.5.gz ] || fail "man -w 5 chronicle-event"
MANWIDTH=100 man chronicle 2>/dev/null | grep -q 'chronicle export ics' || fail "man chronicle does not show chronicle export ics"

# bash, as bash-completion loads it, with the installed chronicle first on PATH.
got=$(PATH=/usr/bin:/bin bash --norc --noprofile -c '
  source /usr/share/bash-completion/completions/chronicle
  COMP_WORDS=(chronicle export i); COMP_CWORD=2
  _chronicle; echo "${COMPREPLY[*]}"')
[ "$got" = ics ] || fail "bash completion of \"chronicle export i\": \"$got\""
if command -v fish >/dev/null; then
  got=$(PATH=/usr/bin:/bin fish --no-config -c 'source /usr/share/fish/vendor_completions.d/chronicle.fish; complete -C "chronicle li"')
  [[ $got == list* ]] || fail "fish completion of \"chronicle li\": \"$got\""
fi
echo "package installed, checked and removed: $(basename "$deb")"
