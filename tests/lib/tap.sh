# tests/lib/tap.sh - minimal TAP helpers for shell e2e tests.
# plan N; ok COND "name"; is GOT WANT "name"; skip_all "why"; done_testing
WARD_TAP_N=0
WARD_TAP_FAILED=0
plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
ok() {
    WARD_TAP_N=$((WARD_TAP_N + 1))
    if [ "$1" = 0 ]; then echo "ok $WARD_TAP_N - $2"; else
        echo "not ok $WARD_TAP_N - $2"; WARD_TAP_FAILED=$((WARD_TAP_FAILED + 1)); fi
}
is() {
    WARD_TAP_N=$((WARD_TAP_N + 1))
    if [ "$1" = "$2" ]; then echo "ok $WARD_TAP_N - $3"; else
        echo "not ok $WARD_TAP_N - $3"; echo "#   got:  '$1'"; echo "#   want: '$2'"
        WARD_TAP_FAILED=$((WARD_TAP_FAILED + 1)); fi
}
# todo COND "name" "why": a check known to lose a race it cannot control; a
# failure is reported as TODO (visible, not fatal), a pass as a normal pass.
todo() {
    WARD_TAP_N=$((WARD_TAP_N + 1))
    if [ "$1" = 0 ]; then echo "ok $WARD_TAP_N - $2"; else
        echo "not ok $WARD_TAP_N - $2 # TODO $3"; fi
}
diag() { echo "# $*"; }
done_testing() { echo "1..$WARD_TAP_N"; [ "$WARD_TAP_FAILED" = 0 ]; }
