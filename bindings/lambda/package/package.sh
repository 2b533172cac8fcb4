#!/bin/bash
# Packs the Lambda runtime binary into a deployment zip that carries its own glibc, as
# aws-lambda-cpp's packager does:
#   bootstrap          sh script: exec lib/<loader> --library-path lib bin/<binary>
#   bin/<binary>
#   lib/               every shared library `ldd` lists, and the dynamic loader
# Usage: package.sh <binary> <output.zip>
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <binary> <output.zip>" >&2
  exit 2
fi
binary=$(readlink -f "$1")
output=$(readlink -f "$(dirname "$2")")/$(basename "$2")
name=$(basename "$binary")

stage=$(mktemp -d "${TMPDIR:-/tmp}/thumbkit-lambda-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib"
cp "$binary" "$stage/bin/$name"

loader=""
while read -r line; do
  # "libfoo.so.1 => /path/libfoo.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
  if [[ $line =~ ^([^[:space:]]+)[[:space:]]+=\>[[:space:]]+(/[^[:space:]]+) ]]; then
    cp -L "${BASH_REMATCH[2]}" "$stage/lib/${BASH_REMATCH[1]}"
  elif [[ $line =~ ^(/[^[:space:]]+)[[:space:]]+\( ]]; then
    loader=$(basename "${BASH_REMATCH[1]}")
    cp -L "${BASH_REMATCH[1]}" "$stage/lib/$loader"
  elif [[ $line == *"not found"* ]]; then
    echo "package.sh: $line" >&2
    exit 1
  fi
done < <(ldd "$binary")
if [[ -z $loader ]]; then
  echo "package.sh: ldd named no dynamic loader for $binary" >&2
  exit 1
fi

# /bin/sh exists on every Lambda base image; LAMBDA_TASK_ROOT is where the zip is unpacked
# (/var/task), else the script's own folder (local runs). The bundled libcurl looks for Debian's
# CA file; Amazon Linux keeps it elsewhere, so point AWS_CA_BUNDLE there for the S3 client.
cat > "$stage/bootstrap" <<SCRIPT
#!/bin/sh
set -eu
root="\${LAMBDA_TASK_ROOT:-\$(cd "\$(dirname "\$0")" && pwd)}"
if [ -z "\${AWS_CA_BUNDLE:-}" ] && [ -r /etc/pki/tls/certs/ca-bundle.crt ]; then
  AWS_CA_BUNDLE=/etc/pki/tls/certs/ca-bundle.crt
  export AWS_CA_BUNDLE
fi
exec "\$root/lib/$loader" --library-path "\$root/lib" "\$root/bin/$name" "\$@"
SCRIPT
chmod 755 "$stage/bootstrap" "$stage/bin/$name" "$stage/lib/$loader"

rm -f "$output"
(cd "$stage" && zip -q -r -X "$output" bootstrap bin lib)
echo "package.sh: $output ($(du -k "$output" | cut -f1) KiB, $(ls "$stage/lib" | wc -l) libraries)"
