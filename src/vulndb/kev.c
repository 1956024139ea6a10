/* kev.c - the CISA Known Exploited Vulnerabilities catalog (JSON: a catalog
 * object with "vulnerabilities", or one entry) into the kev table: CVE id,
 * dates added / due, known ransomware use, vendor, product and description. */
#define WARD_LOG_MODULE "vulndb"
#include "util/json_in.h"
#include "vulndb/vulndb_int.h"

#include <string.h>

static bool is_entry(const json_t *e)
{
    return json_is_object(e) && ward_jstr(e, "cveID");
}

bool vulndb__is_kev(const json_t *doc)
{
    if (is_entry(doc))
        return true;
    json_t *v = ward_jarr(doc, "vulnerabilities");
    if (!v)
        return false;
    if (ward_jstr(doc, "catalogVersion"))
        return true;
    return is_entry(json_array_get(v, 0));
}

/* "YYYY-MM-DD" exactly. */
static bool is_date(const char *s)
{
    if (!s || strlen(s) != 10)
        return false;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static bool is_cve(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 13 || n > 32 || strncmp(s, "CVE-", 4) != 0 || s[8] != '-')
        return false;
    for (size_t i = 4; i < n; i++)
        if (i != 8 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

/* A text field fit to store, or NULL. */
static const char *text(const json_t *e, const char *key)
{
    const char *v = ward_jstr(e, key);
    return v && strlen(v) <= 64u * 1024u && vulndb__clean(v) ? v : NULL;
}

static int store_one(struct ward_vulndb_sink *s, const char *origin, const json_t *e,
                     struct ward_error **err)
{
    struct ward_kev k = {
        .cve = ward_jstr(e, "cveID"),
        .date_added = ward_jstr(e, "dateAdded"),
        .due_date = ward_jstr(e, "dueDate"),
        .vendor = text(e, "vendorProject"),
        .product = text(e, "product"),
        .name = text(e, "vulnerabilityName"),
        .description = text(e, "shortDescription"),
        .required_action = text(e, "requiredAction"),
    };
    if (!json_is_object(e) || !is_cve(k.cve) || !is_date(k.date_added)) {
        ward_warn("%s: malformed KEV entry %.32s; skipped", origin,
                  k.cve && vulndb__clean(k.cve) ? k.cve : "(no cveID)");
        s->skipped++;
        return 0;
    }
    if (!is_date(k.due_date))
        k.due_date = NULL;
    const char *rw = ward_jstr(e, "knownRansomwareCampaignUse");
    k.ransomware = rw && !strcasecmp(rw, "Known");
    if (vulndb__ins_kev(s, &k, err) < 0)
        return -1;
    s->advisories++; /* counted as this source's records */
    return 0;
}

int vulndb__kev(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                struct ward_error **err)
{
    if (is_entry(doc))
        return store_one(s, origin, doc, err);
    size_t i;
    json_t *e;
    json_array_foreach(ward_jarr(doc, "vulnerabilities"), i, e)
    {
        if (store_one(s, origin, e, err) < 0)
            return -1;
    }
    return 0;
}
