#!/usr/bin/python3
# trivy_golden_to_cdx.py - write the package inventory of one of trivy's image
# goldens (pkg/fanal/test/integration/testdata/goldens/packages/<case>.json.golden,
# the packages trivy found in that image) as a CycloneDX document the way trivy
# itself writes one (purls + aquasecurity:trivy:Src* properties + an
# operating-system component), so `ward scan` sees exactly the packages trivy
# matched when it produced its vulnerability golden.
# usage: trivy_golden_to_cdx.py PACKAGES_GOLDEN OS_FAMILY OS_VERSION OUT.json
import json
import sys
import urllib.parse

PURL_TYPE = {
    "alpine": "apk", "debian": "deb", "ubuntu": "deb",
    "centos": "rpm", "redhat": "rpm", "amazon": "rpm", "opensuse-tumbleweed": "rpm",
    "opensuse-leap": "rpm", "suse linux enterprise server": "rpm", "fedora": "rpm",
    "rocky": "rpm", "alma": "rpm", "oracle": "rpm",
}


def q(s):
    return urllib.parse.quote(str(s), safe="")


def main():
    golden, family, version, out = sys.argv[1:5]
    pkgs = json.load(open(golden))
    ptype = PURL_TYPE.get(family, "generic")
    comps = []
    for i, p in enumerate(pkgs):
        ver = p["Version"]
        if p.get("Release"):
            ver += "-" + p["Release"]
        quals = []
        if p.get("Arch"):
            quals.append("arch=" + q(p["Arch"]))
        if p.get("Epoch"):
            quals.append("epoch=%d" % p["Epoch"])
        quals.append("distro=" + q("%s-%s" % (family, version)))
        purl = "pkg:%s/%s/%s@%s?%s" % (ptype, q(family), q(p["Name"]), q(ver), "&".join(quals))
        props = [{"name": "aquasecurity:trivy:PkgID", "value": p.get("ID", p["Name"])}]
        for key, prop in (("SrcName", "SrcName"), ("SrcVersion", "SrcVersion"),
                          ("SrcRelease", "SrcRelease"), ("SrcEpoch", "SrcEpoch")):
            v = p.get(key)
            if v not in (None, "", 0):
                props.append({"name": "aquasecurity:trivy:" + prop, "value": str(v)})
        comps.append({
            "bom-ref": "pkg-%d" % i, "type": "library", "name": p["Name"],
            "version": ver, "purl": purl, "properties": props,
        })
    comps.append({"bom-ref": "os", "type": "operating-system", "name": family,
                  "version": version})
    doc = {
        "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
        "metadata": {"component": {"bom-ref": "image", "type": "container",
                                   "name": golden.rsplit("/", 1)[-1]}},
        "components": comps,
    }
    json.dump(doc, open(out, "w"), indent=1)


if __name__ == "__main__":
    main()
