#!/usr/bin/env bash
# Generates the real-world PDF corpus for Trust.Pdf tests with real producers (Debian packages):
# Ghostscript (plain and PDF/A-2b), qpdf transformations (object streams + xref streams,
# linearized, encrypted with an empty user password, rotated), poppler (pdfunite, pdfsig
# signature with a throw-away NSS database), cairo (rsvg-convert) and ImageMagick.
# Usage: make-corpus.sh OUTPUT_DIR   (prints one line per file made; skips producers that are missing)
set -uo pipefail
out="${1:?usage: make-corpus.sh OUTPUT_DIR}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 || true
  fi
  command -v "$1" >/dev/null 2>&1
}

made() { [ -s "$out/$1" ] && echo "$1"; }

# A two-page PostScript source with text and graphics.
cat > "$work/doc.ps" <<'PS'
%!PS
/Helvetica findfont 24 scalefont setfont
72 720 moveto (Trust corpus page 1: pay 100 EUR) show
0 0 1 setrgbcolor 72 600 200 80 rectstroke
showpage
/Helvetica findfont 24 scalefont setfont
72 720 moveto (Trust corpus page 2) show
1 0 0 setrgbcolor 100 400 moveto 300 500 lineto stroke
showpage
PS

if need gs ghostscript; then
  gs -q -dBATCH -dNOPAUSE -dSAFER -sDEVICE=pdfwrite -sPAPERSIZE=a4 -o "$out/gs-basic.pdf" "$work/doc.ps" >/dev/null 2>&1 && made gs-basic.pdf
  gs -q -dBATCH -dNOPAUSE -dSAFER -dPDFA=2 -dPDFACompatibilityPolicy=1 -sColorConversionStrategy=RGB \
     -sDEVICE=pdfwrite -sPAPERSIZE=a4 -o "$out/gs-pdfa2b.pdf" "$work/doc.ps" >/dev/null 2>&1 && made gs-pdfa2b.pdf
fi

base="$out/gs-basic.pdf"
if need qpdf qpdf && [ -s "$base" ]; then
  qpdf --object-streams=generate "$base" "$out/qpdf-objstm.pdf" 2>/dev/null && made qpdf-objstm.pdf
  qpdf --linearize "$base" "$out/qpdf-linearized.pdf" 2>/dev/null && made qpdf-linearized.pdf
  qpdf --encrypt "" owner-secret 256 -- "$base" "$out/qpdf-encrypted.pdf" 2>/dev/null && made qpdf-encrypted.pdf
  qpdf --rotate=+90:1 "$base" "$out/qpdf-rotated.pdf" 2>/dev/null && made qpdf-rotated.pdf
  # An incremental file made by a real tool: qpdf rewrites, then pdfsig below appends.
fi

if need pdfunite poppler-utils && [ -s "$base" ]; then
  pdfunite "$base" "$base" "$out/poppler-unite.pdf" 2>/dev/null && made poppler-unite.pdf
fi

if need rsvg-convert librsvg2-bin; then
  cat > "$work/doc.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842">
  <rect x="50" y="50" width="495" height="742" fill="none" stroke="#004" stroke-width="4"/>
  <text x="80" y="120" font-family="sans-serif" font-size="28">Cairo corpus page</text>
  <circle cx="300" cy="420" r="120" fill="#c33" fill-opacity="0.4"/>
</svg>
SVG
  rsvg-convert -f pdf -o "$out/cairo-rsvg.pdf" "$work/doc.svg" 2>/dev/null && made cairo-rsvg.pdf
fi

if need convert imagemagick; then
  # The PDF coder is often disabled by policy; EPDF is the same writer under another name.
  convert -size 300x200 gradient:white-steelblue -compress zip "EPDF:$out/imagemagick.pdf" >/dev/null 2>&1 && made imagemagick.pdf
fi

# pdfsig needs an NSS database with a key and certificate: make a throw-away one.
if need pdfsig poppler-utils && need certutil libnss3-tools && [ -s "$base" ]; then
  nss="$work/nss"; mkdir -p "$nss"
  certutil -N -d "sql:$nss" --empty-password >/dev/null 2>&1
  head -c 64 /dev/urandom > "$work/noise"
  certutil -S -d "sql:$nss" -n corpus -s "CN=Corpus pdfsig Signer,O=Trust Tests" -x -t "CTu,Cu,Cu" -k rsa -g 2048 \
     -Z SHA256 -v 24 --keyUsage digitalSignature,nonRepudiation -z "$work/noise" >/dev/null 2>&1
  pdfsig -nssdir "sql:$nss" -add-signature -nick corpus -new-signature-field-name PopplerSig \
     -reason "corpus" "$base" "$out/poppler-signed.pdf" >/dev/null 2>&1 && made poppler-signed.pdf
  echo "$nss" > /dev/null
fi
exit 0
