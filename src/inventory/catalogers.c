/* catalogers.c - the table of every cataloger and the path matching that
 * routes a file to its parser. Add a cataloger: one row here + its .c file. */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "inventory/rpm.h"

#include <fnmatch.h>
#include <string.h>

const struct ward_cataloger ward_catalogers[] = {
    {"dpkg", WARD_MATCH_EXACT, "/var/lib/dpkg/status", ward_dpkg_parse, true, false},
    {"dpkg-distroless", WARD_MATCH_CHILD, "/var/lib/dpkg/status.d", ward_dpkg_parse, true,
     false},
    {"apk", WARD_MATCH_EXACT, "/lib/apk/db/installed", ward_apk_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/var/lib/rpm/rpmdb.sqlite", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/var/lib/rpm/Packages", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/var/lib/rpm/Packages.db", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/usr/lib/sysimage/rpm/rpmdb.sqlite", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/usr/lib/sysimage/rpm/Packages.db", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/usr/lib/sysimage/rpm/Packages", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/usr/share/rpm/rpmdb.sqlite", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/usr/share/rpm/Packages", ward_rpmdb_parse, true, false},
    {"rpm", WARD_MATCH_EXACT, "/usr/share/rpm/Packages.db", ward_rpmdb_parse, true, false},
    /* Go, Rust, Java (lang.h; golang.c, rust.c, java.c) */
    {"go-mod", WARD_MATCH_BASENAME, "go.mod", ward_gomod_parse, false, true},
    {"go-binary", WARD_MATCH_ELF, "", ward_gobinary_parse, false, false},
    {"cargo-lock", WARD_MATCH_BASENAME, "Cargo.lock", ward_cargolock_parse, false, true},
    {"cargo-auditable", WARD_MATCH_ELF, "", ward_cargo_auditable_parse, false, false},
    {"java-archive", WARD_MATCH_SUFFIX, ".jar", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".war", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".ear", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".par", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".sar", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".nar", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".jpi", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".hpi", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".kar", ward_java_archive_parse, false, true},
    {"java-archive", WARD_MATCH_SUFFIX, ".lpkg", ward_java_archive_parse, false, true},
    {"java-pom", WARD_MATCH_BASENAME, "pom.xml", ward_pom_xml_parse, false, true},
    /* "*gradle.lockfile": also buildscript-gradle.lockfile */
    {"gradle-lockfile", WARD_MATCH_SUFFIX, "gradle.lockfile", ward_gradle_lockfile_parse, false,
     true},
    {"sbt-lock", WARD_MATCH_BASENAME, "build.sbt.lock", ward_sbt_lock_parse, false, true},
    /* Python, Node, PHP, Ruby, .NET, Elixir, Dart (lang.h; python.c node.c php.c ruby.c
     * dotnet.c elixir.c dart.c) */
    {"python-dist-info", WARD_MATCH_GLOB, "*.dist-info/METADATA", ward_python_metadata_parse,
     false, false},
    {"python-egg-info", WARD_MATCH_GLOB, "*.egg-info/PKG-INFO", ward_python_metadata_parse, false,
     false},
    {"python-egg-info", WARD_MATCH_SUFFIX, ".egg-info", ward_python_metadata_parse, false, false},
    {"python-requirements", WARD_MATCH_GLOB, "*requirements*.txt", ward_python_requirements_parse,
     false, true},
    {"python-poetry-lock", WARD_MATCH_BASENAME, "poetry.lock", ward_poetry_lock_parse, false,
     true},
    {"python-pipfile-lock", WARD_MATCH_BASENAME, "Pipfile.lock", ward_pipfile_lock_parse, false,
     true},
    {"python-uv-lock", WARD_MATCH_BASENAME, "uv.lock", ward_uv_lock_parse, false, true},
    {"python-pdm-lock", WARD_MATCH_BASENAME, "pdm.lock", ward_pdm_lock_parse, false, true},
    /* PEP 751: pylock.toml or pylock.<name>.toml */
    {"python-pylock", WARD_MATCH_BASENAME, "pylock.toml", ward_pylock_toml_parse, false, true},
    {"python-pylock", WARD_MATCH_GLOB, "pylock.*.toml", ward_pylock_toml_parse, false, true},
    {"npm-package-json", WARD_MATCH_BASENAME, "package.json", ward_npm_package_json_parse, false,
     false},
    {"npm-package-lock", WARD_MATCH_BASENAME, "package-lock.json", ward_npm_lock_parse, false,
     true},
    {"npm-package-lock", WARD_MATCH_BASENAME, "npm-shrinkwrap.json", ward_npm_lock_parse, false,
     true},
    {"yarn-lock", WARD_MATCH_BASENAME, "yarn.lock", ward_yarn_lock_parse, false, true},
    {"pnpm-lock", WARD_MATCH_BASENAME, "pnpm-lock.yaml", ward_pnpm_lock_parse, false, true},
    {"php-composer-lock", WARD_MATCH_BASENAME, "composer.lock", ward_composer_lock_parse, false,
     true},
    /* vendor/composer/installed.json, or a bare installed.json (a copied vendor dir) */
    {"php-composer-installed", WARD_MATCH_BASENAME, "installed.json",
     ward_composer_installed_parse, false, true},
    {"ruby-gemfile-lock", WARD_MATCH_BASENAME, "Gemfile.lock", ward_gemfile_lock_parse, false,
     true},
    {"ruby-gemspec", WARD_MATCH_GLOB, "specifications/*.gemspec", ward_gemspec_parse, false,
     false},
    {"dotnet-packages-lock", WARD_MATCH_BASENAME, "packages.lock.json", ward_nuget_lock_parse,
     false, true},
    {"dotnet-deps", WARD_MATCH_GLOB, "*.deps.json", ward_dotnet_deps_parse, false, true},
    {"dotnet-packages-config", WARD_MATCH_BASENAME, "packages.config",
     ward_packages_config_parse, false, true},
    /* Directory.Packages.props and Packages.props (central package management) */
    {"dotnet-packages-props", WARD_MATCH_SUFFIX, "Packages.props", ward_packages_props_parse,
     false, true},
    {"elixir-mix-lock", WARD_MATCH_BASENAME, "mix.lock", ward_mix_lock_parse, false, true},
    {"dart-pubspec-lock", WARD_MATCH_BASENAME, "pubspec.lock", ward_pubspec_lock_parse, false,
     true},
    /* Bun, Swift, CocoaPods, Conan (lang.h; node.c swift.c conan.c) */
    {"bun-lock", WARD_MATCH_BASENAME, "bun.lock", ward_bun_lock_parse, false, true},
    {"swift-package-resolved", WARD_MATCH_BASENAME, "Package.resolved",
     ward_swift_resolved_parse, false, true},
    {"cocoapods-podfile-lock", WARD_MATCH_BASENAME, "Podfile.lock", ward_podfile_lock_parse,
     false, true},
    {"conan-lock", WARD_MATCH_BASENAME, "conan.lock", ward_conan_lock_parse, false, true},
    /* WARD-CATALOGER-TABLE-END (helpers: add rows above this line) */
    {NULL, 0, NULL, NULL, false, false},
};

static bool match(const struct ward_cataloger *c, const char *path)
{
    size_t pl = strlen(path), n = strlen(c->pattern);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    switch (c->kind) {
    case WARD_MATCH_EXACT:
        return strcmp(path, c->pattern) == 0;
    case WARD_MATCH_BASENAME:
        return strcmp(base, c->pattern) == 0;
    case WARD_MATCH_SUFFIX:
        return pl >= n && strcmp(path + pl - n, c->pattern) == 0;
    case WARD_MATCH_CHILD:
        return pl > n + 1 && strncmp(path, c->pattern, n) == 0 && path[n] == '/' &&
               strchr(path + n + 1, '/') == NULL;
    case WARD_MATCH_ELF:
        return false;
    case WARD_MATCH_GLOB: {
        const char *tail = base; /* start of the last component ... */
        for (const char *q = c->pattern; (q = strchr(q, '/')) != NULL; q++) {
            if (tail == path) /* ... then one more component per '/' in the pattern */
                return false;
            for (tail--; tail > path && tail[-1] != '/'; tail--)
                ;
        }
        return fnmatch(c->pattern, tail, FNM_PATHNAME | FNM_PERIOD) == 0;
    }
    }
    return false;
}

const struct ward_cataloger *ward_cataloger_for_path(const char *path, bool project)
{
    for (const struct ward_cataloger *c = ward_catalogers; c->name; c++) {
        if (project && !c->project)
            continue;
        if (match(c, path))
            return c;
    }
    return NULL;
}
