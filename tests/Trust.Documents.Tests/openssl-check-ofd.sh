#!/usr/bin/env bash
# Checks every seal of an OFD e-licence file with OpenSSL alone (no Trust code):
#   1. each Reference's CheckValue in Sign_N/Signature.xml equals base64(SM3(file))      (openssl dgst -sm3)
#   2. the SES_Signature's dataHash equals SM3(Signature.xml)                              (GB/T 38540 OFD profile)
#   3. the SES_Signature's SM2 value over DER(TBS_Sign) verifies with the signer's key and
#      the GB/T 32918 default signer ID 1234567812345678                                    (openssl pkeyutl)
#   4. the seal maker's SM2 signature over DER(SEQUENCE{eSealInfo, cert, signAlgID}) verifies
# Usage: openssl-check-ofd.sh FILE.ofd    Exit 0: all seals check out; 1: a check failed; 2: usage.
set -euo pipefail
[ $# -eq 1 ] && [ -f "$1" ] || { echo "usage: $0 FILE.ofd" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
unzip -q "$1" -d "$WORK/pkg"
cd "$WORK"
fail() { echo "FAIL: $*"; exit 1; }

# Top-level elements of a DER file (depth 1): "offset header_length length" per line.
children() { openssl asn1parse -inform DER -in "$1" | awk '/d=1 /{ split($1,o,":"); h=$0; sub(/.*hl=/,"",h); split(h,a," "); l=$0; sub(/.* l= */,"",l); split(l,b," "); print o[1], a[1], b[1] }'; }
# bytes FILE OFFSET COUNT
bytes() { tail -c +"$(( $2 + 1 ))" "$1" | head -c "$3"; }
hex() { od -An -v -tx1 | tr -d ' \n'; }
der_len() { local n=$1; if [ "$n" -lt 128 ]; then printf '%02x' "$n"; elif [ "$n" -lt 256 ]; then printf '81%02x' "$n"; elif [ "$n" -lt 65536 ]; then printf '82%04x' "$n"; else printf '83%06x' "$n"; fi; }

SIGS=$(grep -o 'BaseLoc="[^"]*"' pkg/Doc_0/Signs/Signatures.xml | sed 's/BaseLoc="\/\{0,1\}\(.*\)"/\1/')
[ -n "$SIGS" ] || fail "no signatures"
count=0
for sig in $SIGS; do
  xml="pkg/$sig"
  [ -f "$xml" ] || fail "$sig missing"
  # 1. Reference check values.
  refs=0
  while IFS='|' read -r ref value; do
    [ -n "$ref" ] || continue
    actual=$(openssl dgst -sm3 -binary "pkg/${ref#/}" | base64 -w0)
    [ "$actual" = "$value" ] || fail "$sig: check value of $ref"
    refs=$((refs + 1))
  done < <(grep -o 'FileRef="[^"]*"><ofd:CheckValue>[^<]*' "$xml" | sed 's/FileRef="\([^"]*\)"><ofd:CheckValue>/\1|/')
  [ "$refs" -gt 0 ] || fail "$sig: no references"

  value_path=$(grep -o '<ofd:SignedValue>[^<]*' "$xml" | sed 's/<ofd:SignedValue>\/\{0,1\}//')
  sv="pkg/$value_path"
  mapfile -t top < <(children "$sv")
  read -r o h l <<< "${top[0]}"; bytes "$sv" "$o" $((h + l)) > tbs.der
  read -r o h l <<< "${top[1]}"; bytes "$sv" $((o + h)) "$l" > signer.der
  read -r o h l <<< "${top[3]}"; bytes "$sv" $((o + h + 1)) $((l - 1)) > sig.der

  # 2. dataHash (4th element of TBS_Sign, a BIT STRING) = SM3(Signature.xml).
  mapfile -t tbs < <(children tbs.der)
  read -r o h l <<< "${tbs[3]}"
  [ "$(bytes tbs.der $((o + h + 1)) $((l - 1)) | hex)" = "$(openssl dgst -sm3 -binary "$xml" | hex)" ] || fail "$sig: dataHash is not SM3(Signature.xml)"

  # 3. The signer's SM2 signature over DER(TBS_Sign).
  openssl x509 -inform DER -in signer.der -pubkey -noout > signer.pem
  openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in tbs.der -digest sm3 -pkeyopt distid:1234567812345678 -sigfile sig.der >/dev/null \
    || fail "$sig: SES_Signature SM2 value does not verify"

  # 4. The seal maker's signature: SES_Seal is TBS_Sign's 2nd element.
  read -r o h l <<< "${tbs[1]}"; bytes tbs.der "$o" $((h + l)) > seal.der
  mapfile -t seal < <(children seal.der)
  read -r o0 h0 l0 <<< "${seal[0]}"; read -r o2 h2 l2 <<< "${seal[2]}"
  body=$((o2 + h2 + l2 - o0))
  { printf '30%s' "$(der_len "$body")" | xxd -r -p; bytes seal.der "$o0" "$body"; } > seal-tbs.der
  read -r o h l <<< "${seal[1]}"; bytes seal.der $((o + h)) "$l" > maker.der
  read -r o h l <<< "${seal[3]}"; bytes seal.der $((o + h + 1)) $((l - 1)) > maker-sig.der
  openssl x509 -inform DER -in maker.der -pubkey -noout > maker.pem
  openssl pkeyutl -verify -pubin -inkey maker.pem -rawin -in seal-tbs.der -digest sm3 -pkeyopt distid:1234567812345678 -sigfile maker-sig.der >/dev/null \
    || fail "$sig: seal maker's signature does not verify"
  echo "OK: $sig ($refs references)"
  count=$((count + 1))
done
echo "all $count seal(s) verified with OpenSSL"
