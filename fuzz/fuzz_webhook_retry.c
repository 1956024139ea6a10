/* fuzz_webhook_retry.c - Retry-After header values as a webhook receiver (or
 * anything between) sends them: the parse stays inside the bytes given and
 * the delay is either -1 or within [0, WARD_WEBHOOK_RETRY_AFTER]. */
#include "watch/sink_webhook.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double d = ward_webhook_retry_after((const char *)data, size, 1445412480);
    if (d != -1 && !(d >= 0 && d <= WARD_WEBHOOK_RETRY_AFTER))
        abort();
    return 0;
}
