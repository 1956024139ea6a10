/* report_int.h - helpers shared by the bench report writers (report.c, report_html.c). */
#ifndef WARD_BENCH_REPORT_INT_H
#define WARD_BENCH_REPORT_INT_H

#include "bench/bench.h"

/* Top-level section of a check id ("5" for "5.4", "C" for "C.5.3.1") into buf. */
const char *bench_section_of(const char *id, char *buf, size_t n);
const char *bench_section_title(const char *sec);
void bench_write_html(struct ward_buf *b, const struct ward_bench_report *r);

#endif
