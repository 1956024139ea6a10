# gen_checks.awk - turn data/checks.tsv into C: mode=h writes the prototypes of the check
# functions, mode=c the ward_bench_checks[] table. Run by src/bench/meson.build at build time.
function cstr(s) {
    if (s == "-")
        return "NULL"
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
BEGIN {
    FS = "\t"
    n = 0
    print "/* Generated from src/bench/data/checks.tsv by gen_checks.awk; do not edit. */"
    if (mode == "h") {
        print "#ifndef WARD_BENCH_CHECKS_FNS_H"
        print "#define WARD_BENCH_CHECKS_FNS_H"
        print "struct bench_ctx;"
        print "struct ward_bench_result;"
    } else {
        print "#include \"bench/bench_int.h\""
        print "#include \"checks_fns.h\""
        print ""
        print "const struct ward_bench_check ward_bench_checks[] = {"
    }
}
/^#/ || NF == 0 { next }
{
    if (NF != 7) {
        print "checks.tsv:" NR ": expected 7 fields, got " NF > "/dev/stderr"
        exit 1
    }
    id = $1; kind = $2; flags = $3; fn = $4; title = $5; why = $6; fix = $7
    if (mode == "h") {
        if (fn != "-" && !(fn in seen)) {
            seen[fn] = 1
            print "void " fn "(struct bench_ctx *ctx, struct ward_bench_result *r);"
        }
        next
    }
    sec = (kind == "section") ? "true" : "false"
    scored = (flags ~ /s/) ? "true" : "false"
    autom = (flags ~ /a/) ? "true" : "false"
    dflt = (flags ~ /d/) ? "true" : "false"
    printf "    {%s, %s, %s, %s, %s, %s, %s, %s, %s},\n", cstr(id), cstr(title), sec, scored, autom, \
        dflt, cstr(why), cstr(fix), (fn == "-" ? "NULL" : fn)
    n++
}
END {
    if (mode == "h") {
        print "#endif"
    } else {
        print "};"
        print "const size_t ward_bench_nchecks = " n ";"
    }
}
