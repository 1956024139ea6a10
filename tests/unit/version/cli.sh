#!/bin/bash
# cli.sh - `ward version`: own version, compare/check/satisfies output and
# exit statuses, errors on unknown ecosystems, bad lines and bad versions.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
W=$WARD_BIN
T=$(mktemp -d /tmp/ward-version-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT

is "$("$W" version)" "$("$W" --version)" "ward version prints what ward --version prints"
is "$("$W" version --version)" "$("$W" --version)" "ward version --version too"
case "$("$W" version)" in "ward "[0-9]*) r=0 ;; *) r=1 ;; esac
ok $r "it reads 'ward X.Y.Z'"

is "$("$W" version compare Debian 1.0~rc1-1 1.0-1)" "<" "dpkg: ~ sorts first"
is "$("$W" version compare Debian:12 1:0.1 9.9)" ">" "dpkg: epoch wins; release suffix ignored"
is "$("$W" version compare 'Red Hat' 1.0^git1-1 1.0-1)" ">" "rpm: ^ sorts after"
is "$("$W" version compare Alpine:v3.19 1.2.3_rc1-r0 1.2.3-r0)" "<" "apk: _rc before release"
is "$("$W" version compare PyPI 1.0 1.0.0)" "=" "PEP 440: trailing zeros"
is "$("$W" version compare Go v1.2.3 v1.2.3+incompatible)" "=" "Go: +incompatible ignored"
is "$("$W" version compare Maven 1.0-SNAPSHOT 1.0)" "<" "Maven: SNAPSHOT before release"
is "$("$W" version compare RubyGems 1.2.4.beta 1.2.4)" "<" "RubyGems: prerelease"
is "$("$W" version compare NuGet 1.0.0-BETA 1.0.0-beta)" "=" "NuGet: prerelease case"
is "$("$W" version compare Packagist 1.0-dev 1.0a1)" "<" "Packagist: dev < alpha"

"$W" version compare NoSuch 1 2 >/dev/null 2>"$T/err"; is "$?" 3 "unknown ecosystem: exit 3"
grep -q "unsupported ecosystem 'NoSuch'" "$T/err"; ok $? "and says so on stderr"
"$W" version compare Debian 1.0 >/dev/null 2>&1; is "$?" 2 "missing argument: exit 2"

printf '# comment\n1.0 < 1.1\n2.0 >= 3.0\n\n1.0 = 1.0.0\n1.5 <= 1.5\n' > "$T/ok-and-bad"
out=$("$W" version check PyPI "$T/ok-and-bad"); rc=$?
is "$out" "2.0 >= 3.0" "check prints only the line that does not hold"
is "$rc" 1 "check: exit 1 when a line does not hold"
printf '1.0 < 1.1\n' | "$W" version check Debian - >/dev/null; is "$?" 0 "check: stdin, all hold: exit 0"
printf '1.0 ~ 1.1\n' | "$W" version check Debian - >/dev/null 2>"$T/err"
is "$?" 3 "check: unknown operator: exit 3"
grep -q -- '-:1: unknown operator' "$T/err"; ok $? "and names FILE:LINE"
"$W" version check Debian "$T/missing" 2>/dev/null; is "$?" 3 "check: missing file: exit 3"

is "$("$W" version satisfies 1.2.3 '^1.0.0 || 2.x')" yes "satisfies: yes"
"$W" version satisfies 1.2.3-beta '^1.2.0' >/dev/null; is "$?" 1 "satisfies: prerelease excluded"
is "$("$W" version satisfies --include-prerelease 1.2.3-beta '^1.2.0')" yes \
    "satisfies --include-prerelease"
printf '1.2.3\t>=1.0.0 <2.0.0\n3.0.0\t1.x\n' > "$T/pairs"
is "$("$W" version satisfies --file "$T/pairs" | tr '\n' ' ')" "yes no " "satisfies --file"
done_testing
