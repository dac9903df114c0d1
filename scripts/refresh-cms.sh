#!/bin/sh
# Refresh the web editor's vendored program from the npm registry.
#
#   scripts/refresh-cms.sh            # the version recorded in VENDORED.json
#   scripts/refresh-cms.sh 3.17.0     # another version
#
# Downloads decap-cms with `npm pack` into a temporary folder (nothing is
# installed), copies dist/decap-cms.js and the package's LICENSE next to the
# plugin, and records the version, the tarball's integrity and the file's
# SHA-256 in plugins/handbook/admin/VENDORED.json, which a test checks.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
admin="$here/plugins/handbook/admin"
version=${1:-$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$admin/VENDORED.json")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "decap-cms@$version" >/dev/null)
integrity=$(npm view "decap-cms@$version" dist.integrity)
tar -xzf "$tmp/decap-cms-$version.tgz" -C "$tmp"
cp "$tmp/package/dist/decap-cms.js" "$admin/decap-cms.js"
cp "$tmp/package/dist/decap-cms.js.LICENSE.txt" "$admin/decap-cms.js.LICENSE.txt"
sha=$(sha256sum "$admin/decap-cms.js" | cut -d' ' -f1)
python3 - "$admin/VENDORED.json" "$version" "$integrity" "$sha" <<'PY'
import json, sys
path, version, integrity, sha = sys.argv[1:]
record = {
    "package": "decap-cms",
    "version": version,
    "source": f"https://registry.npmjs.org/decap-cms/-/decap-cms-{version}.tgz",
    "integrity": integrity,
    "files": {"decap-cms.js": {"from": "package/dist/decap-cms.js", "sha256": sha}},
    "refresh": "scripts/refresh-cms.sh [VERSION]",
}
with open(path, "w", encoding="utf-8") as out:
    json.dump(record, out, indent=2)
    out.write("\n")
PY
echo "decap-cms $version: decap-cms.js $sha"
echo "Also pin decap-server in plugins/handbook/starter/package.json if it changed:"
npm view decap-server version
