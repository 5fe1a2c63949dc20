#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from a fresh DEVELOPMENT PKI (never production material):
#   licence: signed licences (COSE_Sign1) of three types, their payloads ('p' + CBOR, signed by the target) and a
#            signed grant, plus fuzz/seeds/licence/*
#   qr:      their QR texts (TL1:/TG1:) and raw zlib seeds ('z' + zlib(COSE)), plus fuzz/seeds/qr/*
#   ses:     SES_Seal files of the PKI (SM2 and RSA) and SES_Signatures over the fixed data file, plus fuzz/seeds/ses/*
#   pdf:     a small hand-written PDF, sealed once (SM2), sealed twice (SM2 then RSA), certified, plus fuzz/seeds/pdf/*
# Usage: fuzz/make-seeds.sh WORKDIR   (needs: dotnet, jq; writes WORKDIR/pki, WORKDIR/anchors, WORKDIR/seeds/<target>)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$(mkdir -p "$1" && cd "$1" && pwd)"
command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null

cli_dir="$work/cli"
if [[ ! -x "$cli_dir/trust" ]]; then
  dotnet build "$repo/src/Trust.Cli/Trust.Cli.csproj" -c Release -o "$cli_dir" -v q -nologo >/dev/null
fi
# The uninstrumented build: instrumented code only runs under afl-fuzz.
harness="$work/build/Trust.Fuzz"
[[ -x "$harness" ]] || { echo "make-seeds: build the harness into $work/build first (fuzz/run.sh does)" >&2; exit 2; }

pki="$work/pki"
trust() { "$cli_dir/trust" --pki "$pki" --store "$work/state" "$@"; }
if [[ ! -f "$pki/pki.json" ]]; then
  rm -rf "$pki" "$work/state"
  mkdir -p "$work/state"
  trust pki init --departments 4 --seals 8 >/dev/null
fi
mkdir -p "$work/anchors"
cp "$pki/ca/trust-anchors.pem" "$work/anchors/"

seeds="$work/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{licence,qr,ses,pdf}

# Licences: example values from the catalog (the latest version of each type).
catalog="$repo/src/Trust.Core/Licences/Catalog/Data"
field() { jq -rs --arg t "$1" --arg f "$2" '[.[] | .types[]? | select(.code==$t)] | max_by(.version) | .fields[] | select(.code==$f) | .example' "$catalog"/types-*.json; }
for type in BL RIC DL; do
  mapfile -t fields < <(jq -rs --arg t "$type" '[.[] | .types[]? | select(.code==$t)] | max_by(.version) | .fields[]
      | select(.code!="holder_name" and .code!="holder_id") | select(.example != null or .values != null)
      | "\(.code)=\(.example // .values[0])"' "$catalog"/types-*.json)
  trust --json license issue --type "$type" --holder "$(field "$type" holder_id)" --holder-name "$(field "$type" holder_name)" \
    --field "${fields[@]}" --out "$seeds/licence/$type.lic" | jq -r .qr > "$seeds/qr/$type.txt"
  "$harness" zlib-seed "$seeds/licence/$type.lic" "$seeds/qr/$type.zlib"
  "$harness" payload-seed "$seeds/licence/$type.lic" "$seeds/licence/$type.payload"
done
trust --json grant create --holder "$(field RIC holder_id)" --grantee clerk-1 --service CDPF-001 --ttl 2h --out "$seeds/licence/grant.cose" > "$work/grant.json"
jq -r '.qr // empty' "$work/grant.json" > "$seeds/qr/grant.txt"
[[ -s "$seeds/qr/grant.txt" ]] || rm -f "$seeds/qr/grant.txt"
"$harness" zlib-seed "$seeds/licence/grant.cose" "$seeds/qr/grant.zlib"

# SES: seals of both algorithms, and signatures over the fixed data file (CoreTargets.SesSignedData).
printf 'Trust fuzzing: the file the SES seeds sign.\n' > "$work/ses-data.txt"
mapfile -t seals < <(trust seal list | awk 'NF>=3 && $1 ~ /-/ {print $1 " " $2}')
sm2="" rsa=""
for s in "${seals[@]}"; do
  id="${s%% *}" alg="${s#* }"
  case "$alg" in SM2*) [[ -z "$sm2" ]] && sm2="$id" ;; RSA*) [[ -z "$rsa" ]] && rsa="$id" ;; esac
done
for id in "$sm2" "$rsa"; do
  cp "$pki/seals/$id.ses" "$seeds/ses/seal-$id.der"
  trust seal sign-file --seal "$id" --in "$work/ses-data.txt" --out "$seeds/ses/signature-$id.der" >/dev/null
done

# PDF: one page, classic xref table; sealed with SM2, then RSA on top; and a certified one.
python_free_pdf() {
  local out="$1" body="" offsets=() obj
  local objs=(
    "<< /Type /Catalog /Pages 2 0 R >>"
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    "<< /Length 44 >>
stream
BT /F1 24 Tf 72 700 Td (Fuzz seed page) Tj ET
endstream")
  body=$'%PDF-1.7\n'
  local i=1
  for obj in "${objs[@]}"; do
    offsets+=("${#body}")
    body+="$i 0 obj"$'\n'"$obj"$'\n'"endobj"$'\n'
    i=$((i + 1))
  done
  local xref="${#body}"
  body+="xref"$'\n'"0 $i"$'\n'"0000000000 65535 f "$'\n'
  for o in "${offsets[@]}"; do body+="$(printf '%010d' "$o") 00000 n "$'\n'; done
  body+="trailer"$'\n'"<< /Size $i /Root 1 0 R >>"$'\n'"startxref"$'\n'"$xref"$'\n'"%%EOF"$'\n'
  printf '%s' "$body" > "$out"
}
python_free_pdf "$seeds/pdf/plain.pdf"
trust seal pdf --seal "$sm2" --in "$seeds/pdf/plain.pdf" --out "$seeds/pdf/sealed-sm2.pdf" >/dev/null
trust seal pdf --seal "$rsa" --in "$seeds/pdf/sealed-sm2.pdf" --out "$seeds/pdf/sealed-twice.pdf" --at 100,30 >/dev/null
trust seal pdf --seal "$rsa" --in "$seeds/pdf/plain.pdf" --out "$seeds/pdf/certified-rsa.pdf" --certify >/dev/null

# Small committed seeds (hand-made edge cases).
for t in licence qr ses pdf; do
  if [[ -d "$here/seeds/$t" ]]; then cp "$here/seeds/$t"/* "$seeds/$t/" 2>/dev/null || true; fi
done
for t in licence qr ses pdf; do
  printf '%-8s %3d seeds, %7d bytes\n' "$t" "$(ls "$seeds/$t" | wc -l)" "$(cat "$seeds/$t"/* | wc -c)"
done
