#!/usr/bin/env python3
"""make_oci.py ROOTFS OUTDIR - write an OCI image layout whose single layer is
ROOTFS as a gzip tarball (as registries serve layers). Used by the benchmarks."""
import gzip, hashlib, io, json, os, subprocess, sys

rootfs, out = sys.argv[1], sys.argv[2]
os.makedirs(out + "/blobs/sha256", exist_ok=True)

def put(data):
    d = hashlib.sha256(data).hexdigest()
    with open(f"{out}/blobs/sha256/{d}", "wb") as f:
        f.write(data)
    return "sha256:" + d, len(data)

tar = subprocess.run(["tar", "-C", rootfs, "--numeric-owner", "-cf", "-", "."],
                     check=True, stdout=subprocess.PIPE).stdout
diff_id = "sha256:" + hashlib.sha256(tar).hexdigest()
layer = gzip.compress(tar, compresslevel=6)
ldig, lsize = put(layer)
cfg = json.dumps({"architecture": "amd64", "os": "linux",
                  "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                  "config": {}}).encode()
cdig, csize = put(cfg)
man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                             "digest": cdig, "size": csize},
                  "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                              "digest": ldig, "size": lsize}]}).encode()
mdig, msize = put(man)
with open(out + "/index.json", "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": mdig,
         "size": msize, "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}, f)
with open(out + "/oci-layout", "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
print(f"{out}/blobs/sha256/{ldig[7:]} {lsize} {len(tar)}")
