/* lang.h - language-ecosystem catalogers (lockfiles, manifests, binaries,
 * archives). Each parses one file's bytes into packages; see
 * ward_cataloger_fn in inventory.h for the contract. */
#ifndef WARD_INVENTORY_LANG_H
#define WARD_INVENTORY_LANG_H

#include "inventory/inventory.h"

/* ---- Go, Rust, Java (golang.c, rust.c, java.c) ---- */
/* go.mod: require lines (+ "// indirect"), replace directives applied. */
int ward_gomod_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                     struct ward_error **err);
/* Go binary (ELF): modules from the buildinfo blob + "stdlib" for the toolchain.
 * Not a Go binary -> 0 with nothing appended. */
int ward_gobinary_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err);
/* Cargo.lock (v1-v4): every [[package]], de-duplicated by name+version. */
int ward_cargolock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                         struct ward_error **err);
/* cargo-auditable ELF binary (.dep-v0). No such section -> 0 with nothing appended. */
int ward_cargo_auditable_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err);
/* Java archive (jar/war/ear/...): pom.properties, MANIFEST.MF, file name,
 * nested archives up to WARD_LIMIT_NESTED_ARCHIVE deep. Not a zip -> WARD_EFORMAT. */
int ward_java_archive_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err);
/* Project pom.xml: <dependencies> with ${property} / project.version resolution. */
int ward_pom_xml_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                       struct ward_error **err);
/* gradle.lockfile: group:artifact:version=configurations lines. */
int ward_gradle_lockfile_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err);
/* build.sbt.lock (sbt-dependency-lock JSON): dependencies[] org, name, version;
 * dev when no compile or runtime configuration pulls it in. */
int ward_sbt_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err);
/* ---- end Go, Rust, Java ---- */

/* ---- Python, Node, PHP, Ruby, .NET, Elixir, Dart (python.c node.c php.c ruby.c
 *      dotnet.c elixir.c dart.c) ---- */
/* dist-info METADATA / egg-info PKG-INFO (RFC 822 headers): Name, Version and
 * the licence (License-Expression, else a short License other than UNKNOWN, else the
 * "License ::" classifiers). No Name or Version -> WARD_EFORMAT. */
int ward_python_metadata_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err);
/* requirements*.txt: pinned "name[extras]==version" lines only; markers, hashes,
 * options and -r/-e lines are skipped. UTF-16LE with BOM accepted. */
int ward_python_requirements_parse(struct ward_pkglist *out, const char *path, const char *data,
                                   size_t len, struct ward_error **err);
/* poetry.lock ([[package]]; dev from category/groups), uv.lock (the project and
 * workspace members skipped), pdm.lock (dev from groups). */
int ward_poetry_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                           size_t len, struct ward_error **err);
int ward_uv_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                       struct ward_error **err);
int ward_pdm_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err);
/* pylock.toml (PEP 751): [[packages]] name and version; versionless entries skipped. */
int ward_pylock_toml_parse(struct ward_pkglist *out, const char *path, const char *data,
                           size_t len, struct ward_error **err);
/* Pipfile.lock: "default" and "develop" (dev) sections. */
int ward_pipfile_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err);
/* package.json: the package itself when it has a valid name and a version
 * (otherwise 0 with nothing appended); license string/object/legacy array. */
int ward_npm_package_json_parse(struct ward_pkglist *out, const char *path, const char *data,
                                size_t len, struct ward_error **err);
/* package-lock.json / npm-shrinkwrap.json v1-v3: one package per name@version
 * (dev and indirect only when every copy is); v2/v3 entries' "license". */
int ward_npm_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err);
/* yarn.lock, classic v1 and berry (v2+): registry entries only. yarn.lock has
 * no dev marker: with the package.json beside it (manifest, NULL = none; one
 * that is not a JSON object or declares workspaces marks nothing), direct =
 * named by the manifest, dev = not reachable from its dependencies,
 * optionalDependencies or peerDependencies through the lockfile's entries. */
int ward_yarn_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                         size_t len, struct ward_error **err);
int ward_yarn_lock_parse_manifest(struct ward_pkglist *out, const char *path, const char *data,
                                  size_t len, const char *manifest, size_t manifest_len,
                                  struct ward_error **err);
/* pnpm-lock.yaml v5, v6 and v9 "packages" keys; dev from "dev: true" (v5/v6). */
int ward_pnpm_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                         size_t len, struct ward_error **err);
/* composer.lock (packages, packages-dev) and vendor/composer/installed.json (v1/v2). */
int ward_composer_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                             size_t len, struct ward_error **err);
int ward_composer_installed_parse(struct ward_pkglist *out, const char *path, const char *data,
                                  size_t len, struct ward_error **err);
/* Gemfile.lock: specs of the GEM, GIT, PATH sections ("-platform" goes to arch). */
int ward_gemfile_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err);
/* specifications/NAME.gemspec: X.name, X.version (or Gem::Version.new, or a
 * CONSTANT = "..." of the same file), X.license(s) for the block variable X of
 * Gem::Specification.new. Missing -> WARD_EFORMAT. */
int ward_gemspec_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                       struct ward_error **err);
/* packages.lock.json (all frameworks, "Project" entries skipped), *.deps.json
 * ("package" libraries), packages.config (<package id version>). */
int ward_nuget_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                          size_t len, struct ward_error **err);
int ward_dotnet_deps_parse(struct ward_pkglist *out, const char *path, const char *data,
                           size_t len, struct ward_error **err);
int ward_packages_config_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err);
/* Directory.Packages.props / Packages.props (central package management):
 * <PackageVersion> and <PackageReference> elements with Include (or Update) and
 * Version attributes; MSBuild $(properties) are not resolved, such entries skipped. */
int ward_packages_props_parse(struct ward_pkglist *out, const char *path, const char *data,
                              size_t len, struct ward_error **err);
/* mix.lock: :hex entries. */
int ward_mix_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err);
/* pubspec.lock: packages except SDK ones; dev = "direct dev", indirect = "transitive". */
int ward_pubspec_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err);
/* ---- end Python ... Dart ---- */

/* ---- Bun, Swift, CocoaPods, Conan (node.c swift.c conan.c) ---- */
/* bun.lock (JSONC): "packages" registry entries "name@version"; direct = named by a
 * workspace, dev = not reachable from a workspace's non-dev dependencies. */
int ward_bun_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err);
/* Package.resolved v1-v3: pins with a version, named by the repository URL without
 * "https://" and ".git" ("github.com/apple/swift-nio"). */
int ward_swift_resolved_parse(struct ward_pkglist *out, const char *path, const char *data,
                              size_t len, struct ward_error **err);
/* Podfile.lock: PODS entries "Name (version)"; direct = listed under DEPENDENCIES. */
int ward_podfile_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err);
/* conan.lock v1 (graph_lock nodes; direct = required by node "0", dev = build
 * context) and v2 ("requires" references). */
int ward_conan_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                          size_t len, struct ward_error **err);
/* ---- end Bun ... Conan ---- */

#endif
