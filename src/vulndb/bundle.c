/* bundle.c - the advisory DB as one offline file (export / install) and
 * `ward db update`: fetch a list of feed URLs into a private temp directory,
 * then rebuild the DB from them with the ordinary importer. Every path ends
 * in a rename(2) next to the DB, so an interrupted update or install leaves
 * the previous DB as it was. */
#include "util/file.h"
#include "util/hash.h"
#include "vulndb/vulndb.h"
#include "vulndb/vulndb_int.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WARD_VULNDB_MAX_DOWNLOAD (2ull << 30) /* one feed file */
#define WARD_VULNDB_MAX_FEEDS    256u

static const char sqlite_magic[16] = "SQLite format 3";

bool ward_vulndb_is_bundle(const char *path)
{
    char head[16];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, head, sizeof(head));
    close(fd);
    return n == (ssize_t)sizeof(head) && memcmp(head, sqlite_magic, sizeof(head)) == 0;
}

static char *temp_next_to(const char *path, const char *tag, struct ward_error **err)
{
    char *dir_copy = ward_xstrdup(path);
    int r = ward_mkdir_p(dirname(dir_copy), 0755, err);
    free(dir_copy);
    if (r < 0)
        return NULL;
    char *tmp = ward_xasprintf("%s.%s-XXXXXX", path, tag);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        ward_error_set(err, WARD_EIO, errno, "create temp file next to %s", path);
        free(tmp);
        return NULL;
    }
    close(fd);
    return tmp;
}

static int fsync_rename(const char *tmp, const char *dst, struct ward_error **err)
{
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    if (rename(tmp, dst) < 0) {
        int r = ward_error_set(err, WARD_EIO, errno, "rename %s -> %s", tmp, dst);
        unlink(tmp);
        return r;
    }
    return 0;
}

int ward_vulndb_export(const char *db_path, const char *out_path, struct ward_error **err)
{
    struct ward_vulndb *db = NULL;
    int r = ward_vulndb_open(&db, db_path, err); /* checks it is a ward DB */
    if (r < 0)
        return r;
    ward_vulndb_close(db);
    sqlite3 *s = NULL;
    if (sqlite3_open_v2(db_path, &s, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        r = ward_error_set(err, WARD_EIO, 0, "open %s: %s", db_path,
                           s ? sqlite3_errmsg(s) : "out of memory");
        sqlite3_close(s);
        return r;
    }
    char *tmp = temp_next_to(out_path, "export", err);
    if (!tmp) {
        sqlite3_close(s);
        return -1;
    }
    unlink(tmp); /* VACUUM INTO wants a path that does not exist */
    char *sql = sqlite3_mprintf("VACUUM INTO %Q", tmp);
    r = vulndb__exec(s, sql, err);
    sqlite3_free(sql);
    sqlite3_close(s);
    if (r == 0)
        r = fsync_rename(tmp, out_path, err);
    else
        unlink(tmp);
    free(tmp);
    return r;
}

static int copy_file(const char *src, const char *dst, struct ward_error **err)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return ward_error_set(err, WARD_EIO, errno, "open %s", src);
    int out = open(dst, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (out < 0) {
        close(in);
        return ward_error_set(err, WARD_EIO, errno, "open %s", dst);
    }
    char buf[1 << 16];
    ssize_t n;
    int r = 0;
    while ((n = read(in, buf, sizeof(buf))) > 0)
        if (ward_write_all(out, buf, (size_t)n) < 0) {
            r = ward_error_set(err, WARD_EIO, errno, "write %s", dst);
            break;
        }
    if (n < 0 && r == 0)
        r = ward_error_set(err, WARD_EIO, errno, "read %s", src);
    close(in);
    if (close(out) < 0 && r == 0)
        r = ward_error_set(err, WARD_EIO, errno, "close %s", dst);
    return r;
}

int ward_vulndb_install_bundle(const char *db_path, const char *bundle, struct ward_error **err)
{
    if (!ward_vulndb_is_bundle(bundle))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not a ward DB bundle (SQLite file)",
                              bundle);
    char *tmp = temp_next_to(db_path, "install", err);
    if (!tmp)
        return -1;
    int r = copy_file(bundle, tmp, err);
    if (r == 0) {
        /* only a DB of a schema this build reads, and intact, replaces the old one */
        struct ward_vulndb *db = NULL;
        r = ward_vulndb_open(&db, tmp, err);
        if (r == 0) {
            struct ward_vulndb_info info = {0};
            r = ward_vulndb_info(db, &info, err);
            ward_vulndb_info_dispose(&info);
            ward_vulndb_close(db);
        }
        if (r < 0)
            ward_error_wrap(err, "bundle %s", bundle);
    }
    if (r == 0)
        r = fsync_rename(tmp, db_path, err);
    else
        unlink(tmp);
    free(tmp);
    return r;
}

/* ---- update ---- */

struct dl {
    int fd;
    uint64_t n;
    bool too_big;
};

static size_t dl_write(char *p, size_t size, size_t nmemb, void *ud)
{
    struct dl *d = ud;
    size_t n = size * nmemb;
    if (d->n + n > WARD_VULNDB_MAX_DOWNLOAD) {
        d->too_big = true;
        return 0;
    }
    if (ward_write_all(d->fd, p, n) < 0)
        return 0;
    d->n += n;
    return n;
}

/* Last path component of url without query/fragment, made safe as a file name. */
static char *url_base(const char *url, size_t idx)
{
    const char *e = url + strcspn(url, "?#");
    const char *s = e;
    while (s > url && s[-1] != '/')
        s--;
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_buf_addf(&b, "%03zu-", idx);
    for (const char *p = s; p < e; p++)
        ward_buf_addc(&b, (*p == '.' && p == s) || *p == '/' || (unsigned char)*p < 0x20 ? '_'
                                                                                         : *p);
    if (s == e)
        ward_buf_adds(&b, "feed.json");
    return ward_buf_steal(&b);
}

static int fetch(const char *url, const char *path, bool insecure, struct ward_error **err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return ward_error_set(err, WARD_EIO, errno, "create %s", path);
    struct dl d = {.fd = fd};
    CURL *c = curl_easy_init();
    if (!c) {
        close(fd);
        return ward_error_set(err, WARD_ERR, 0, "curl init failed");
    }
    char ebuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, dl_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &d);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "ward");
    if (insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    int r = 0;
    if (close(fd) < 0 && rc == CURLE_OK)
        r = ward_error_set(err, WARD_EIO, errno, "write %s", path);
    if (d.too_big)
        r = ward_error_set(err, WARD_ELIMIT, 0, "%s: larger than %llu bytes", url,
                           (unsigned long long)WARD_VULNDB_MAX_DOWNLOAD);
    else if (rc != CURLE_OK)
        r = ward_error_set(err, WARD_EIO, 0, "fetch %s: %s", url,
                           *ebuf ? ebuf : curl_easy_strerror(rc));
    return r;
}

static void rm_tree(const char *dir, char **files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (files[i])
            unlink(files[i]);
    rmdir(dir);
}

int ward_vulndb_update(const char *db_path, const char *const *urls, size_t n, bool insecure,
                       struct ward_vulndb_import_stats *stats, struct ward_error **err)
{
    memset(stats, 0, sizeof(*stats));
    if (n == 0)
        return ward_error_set(err, WARD_ENOTFOUND, 0,
                              "no feed URLs: give them as arguments, in $WARD_DB_FEEDS or in "
                              "$XDG_CONFIG_HOME/ward/feeds");
    if (n > WARD_VULNDB_MAX_FEEDS)
        return ward_error_set(err, WARD_ELIMIT, 0, "more than %u feeds", WARD_VULNDB_MAX_FEEDS);
    char *dir_copy = ward_xstrdup(db_path);
    int r = ward_mkdir_p(dirname(dir_copy), 0755, err);
    free(dir_copy);
    if (r < 0)
        return r;
    char *dir = ward_xasprintf("%s.update-XXXXXX", db_path);
    if (!mkdtemp(dir)) {
        r = ward_error_set(err, WARD_EIO, errno, "create temp dir next to %s", db_path);
        free(dir);
        return r;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char **files = ward_xcalloc(n + 1, sizeof(char *));
    r = 0;
    for (size_t i = 0; i < n && r == 0; i++) {
        char *base = url_base(urls[i], i);
        files[i] = ward_xasprintf("%s/%s", dir, base);
        free(base);
        r = fetch(urls[i], files[i], insecure, err);
    }
    if (r == 0) {
        /* one feed that is a whole DB bundle: install it as it is */
        if (n == 1 && ward_vulndb_is_bundle(files[0])) {
            r = ward_vulndb_install_bundle(db_path, files[0], err);
        } else {
            for (size_t i = 0; i < n && r == 0; i++)
                if (ward_vulndb_is_bundle(files[i]))
                    r = ward_error_set(err, WARD_EFORMAT, 0,
                                       "%s is a DB bundle: a bundle must be the only feed",
                                       urls[i]);
            struct ward_vulndb_import_opts o = {.replace = true, .origins = urls};
            if (r == 0)
                r = ward_vulndb_import(db_path, (const char *const *)files, n, &o, stats, err);
        }
    }
    rm_tree(dir, files, n);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    free(dir);
    return r;
}
