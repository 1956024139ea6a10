/* test_webhook_retry.c - the webhook sink's Retry-After reading: delta-seconds,
 * the three HTTP-date forms RFC 9110 allows (checked against timegm), the cap,
 * and values that are neither (a delay of -1: the sink's own backoff applies). */
#include "harness.h"
#include "watch/sink_webhook.h"

#include <time.h>

static double ra(const char *v, time_t now)
{
    return ward_webhook_retry_after(v, strlen(v), now);
}

TEST(webhook, delta_seconds)
{
    CHECK(ra("120", 0) == 120.0);
    CHECK(ra(" 0\r\n", 0) == 0.0);
    CHECK(ra("\t7 \t", 0) == 7.0);
    CHECK(ra("599", 0) == 599.0);
    CHECK(ra("601", 0) == WARD_WEBHOOK_RETRY_AFTER);
    CHECK(ra("99999999999999999999999999", 0) == WARD_WEBHOOK_RETRY_AFTER);
    /* not 1*DIGIT */
    CHECK(ra("1.5", 0) == -1);
    CHECK(ra("1e3", 0) == -1);
    CHECK(ra("-5", 0) == -1);
    CHECK(ra("12abc", 0) == -1);
    CHECK(ra("", 0) == -1);
    CHECK(ra("   ", 0) == -1);
}

TEST(webhook, http_dates)
{
    struct tm tm = {.tm_year = 115, .tm_mon = 9, .tm_mday = 21, .tm_hour = 7, .tm_min = 28};
    time_t t = timegm(&tm); /* Wed, 21 Oct 2015 07:28:00 GMT */
    CHECK(ra("Wed, 21 Oct 2015 07:28:00 GMT", t - 30) == 30.0);
    CHECK(ra("Wednesday, 21-Oct-15 07:28:00 GMT", t - 45) == 45.0); /* RFC 850 */
    CHECK(ra("Wed Oct 21 07:28:00 2015", t - 1) == 1.0);            /* asctime */
    CHECK(ra("Wed, 21 Oct 2015 07:28:00 GMT", t + 3600) == 0.0);    /* in the past */
    CHECK(ra("Wed, 21 Oct 2015 07:28:00 GMT", t - 86400) == WARD_WEBHOOK_RETRY_AFTER);
    CHECK(ra("soon", t) == -1);
}

TEST(webhook, bounded_and_unterminated)
{
    char big[4096];
    memset(big, '9', sizeof(big));
    CHECK(ward_webhook_retry_after(big, sizeof(big), 0) == -1); /* no NUL, too long */
    CHECK(ward_webhook_retry_after("42xyz", 2, 0) == 42.0);     /* only len bytes read */
    CHECK(ward_webhook_retry_after("4\0" "2", 3, 0) == -1);     /* embedded NUL */
}
