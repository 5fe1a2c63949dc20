#!/usr/bin/env bash
# Generates the real-world PDF corpus for Trust.Pdf tests with real producers (Debian packages):
# Ghostscript (plain and PDF/A-2b), qpdf transformations (object streams + xref streams,
# linearized, encrypted with an empty user password, rotated), poppler (pdfunite, pdfsig
# signature with a throw-away NSS database), cairo (rsvg-convert), ImageMagick, MuPDF (mutool clean),
# Chromium print-to-PDF and LibreOffice (plain and PDF/A-2b), plus a hybrid-reference file derived
# from qpdf's output (see below).
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
  # PDF/A-2b needs an OutputIntent: Ghostscript's PDFA_def.ps adds one when pointed at an ICC
  # profile (its own default_rgb.icc / default_cmyk.icc). The CMYK variant checks that the seal
  # picture is drawn in a colour space consistent with a CMYK OutputIntent.
  pdfa_def="$(ls /usr/share/ghostscript/*/lib/PDFA_def.ps 2>/dev/null | head -1)"
  icc_dir="$(ls -d /usr/share/ghostscript/*/iccprofiles 2>/dev/null | head -1)"
  if [ -n "$pdfa_def" ] && [ -n "$icc_dir" ]; then
    for model in RGB CMYK; do
      lower="$(echo "$model" | tr 'A-Z' 'a-z')"
      name="gs-pdfa2b.pdf"; [ "$model" = CMYK ] && name="gs-pdfa2b-cmyk.pdf"
      sed "s|/ICCProfile (srgb.icc)|/ICCProfile ($icc_dir/default_$lower.icc)|" "$pdfa_def" > "$work/PDFA_def_$model.ps"
      gs -q -dBATCH -dNOPAUSE -dSAFER --permit-file-read="$icc_dir/" -dPDFA=2 -dPDFACompatibilityPolicy=1 \
         -sColorConversionStrategy=$model -sDEVICE=pdfwrite -sPAPERSIZE=a4 -o "$out/$name" \
         "$work/PDFA_def_$model.ps" "$work/doc.ps" >/dev/null 2>&1 && made "$name"
    done
  fi
fi

base="$out/gs-basic.pdf"
if need qpdf qpdf && [ -s "$base" ]; then
  qpdf --object-streams=generate "$base" "$out/qpdf-objstm.pdf" 2>/dev/null && made qpdf-objstm.pdf
  qpdf --linearize "$base" "$out/qpdf-linearized.pdf" 2>/dev/null && made qpdf-linearized.pdf
  qpdf --encrypt "" owner-secret 256 -- "$base" "$out/qpdf-encrypted.pdf" 2>/dev/null && made qpdf-encrypted.pdf
  qpdf --rotate=+90:1 "$base" "$out/qpdf-rotated.pdf" 2>/dev/null && made qpdf-rotated.pdf
  # An incremental file made by a real tool: qpdf rewrites, then pdfsig below appends.
fi

# Hybrid-reference file (ISO 32000-1 section 7.5.8.4): a classic xref table whose trailer has
# /XRefStm pointing at a cross-reference stream that lists the objects inside object streams.
# No Debian tool writes this form (qpdf, Ghostscript, mutool and LibreOffice write either a table or
# a stream), so it is made by a documented transformation of qpdf's object-stream output: keep
# every byte up to "startxref" (the objects, the object streams and qpdf's own xref stream), then
# append a classic table listing only the uncompressed objects (offsets taken from
# `qpdf --show-xref`), a trailer with qpdf's /Root /Info /ID /Size plus /XRefStm = the xref
# stream's offset, and a startxref pointing at the table. Readers without xref-stream support
# see the table; readers with it merge the stream, as for files written by Microsoft Word.
if [ -s "$out/qpdf-objstm.pdf" ] && command -v python3 >/dev/null 2>&1; then
  qpdf --show-xref "$out/qpdf-objstm.pdf" > "$work/objstm.xref" 2>/dev/null &&
  python3 - "$out/qpdf-objstm.pdf" "$work/objstm.xref" "$out/hybrid-xrefstm.pdf" <<'PY' && made hybrid-xrefstm.pdf
import re, sys
src, xref, dst = sys.argv[1:4]
data = open(src, "rb").read()
start = data.rindex(b"startxref")
stream_offset = int(data[start + 9:].split()[0])
stream_dict = data[stream_offset:data.index(b"stream", stream_offset)]
def key(name, pattern):
    m = re.search(rb"/" + name + rb"\s*(" + pattern + rb")", stream_dict)
    return (b"/" + name + b" " + m.group(1) + b" ") if m else b""
size = int(re.search(rb"/Size\s+(\d+)", stream_dict).group(1))
offsets = {}
for line in open(xref):
    m = re.match(r"(\d+)/(\d+): uncompressed; offset = (\d+)", line)
    if m:
        offsets[int(m.group(1))] = (int(m.group(3)), int(m.group(2)))
body = data[:start]
table = [b"xref\n0 1\n0000000000 65535 f \n"]
for number in sorted(offsets):   # one subsection per uncompressed object; compressed ones are left out
    offset, generation = offsets[number]
    table.append(b"%d 1\n%010d %05d n \n" % (number, offset, generation))
trailer = (b"trailer\n<< /Size %d " % size + key(b"Root", rb"\d+\s+\d+\s+R") + key(b"Info", rb"\d+\s+\d+\s+R")
           + key(b"ID", rb"\[[^\]]*\]") + b"/XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n" % (stream_offset, len(body)))
open(dst, "wb").write(body + b"".join(table) + trailer)
PY
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

if need mutool mupdf-tools && [ -s "$base" ]; then
  # MuPDF's writer: garbage-collected, renumbered, recompressed.
  mutool clean -ggg -z "$base" "$out/mupdf-clean.pdf" >/dev/null 2>&1 && made mupdf-clean.pdf
fi

cat > "$work/doc.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>Chromium corpus</title>
<style>body{font-family:sans-serif} .box{border:3px solid #036;padding:1em;width:60%}</style></head>
<body><h1>Chromium print-to-PDF corpus page</h1><p class="box">Pay 100 EUR to the account below.</p>
<p><a href="https://example.org/">A link annotation</a></p>
<div style="page-break-before:always"><h2>Page 2</h2><p>Second page text.</p></div></body></html>
HTML
chromium="${TRUST_TEST_CHROMIUM:-chromium}"
if command -v "$chromium" >/dev/null 2>&1; then
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$work/chromium" \
     --print-to-pdf="$out/chromium.pdf" "file://$work/doc.html" >/dev/null 2>&1 && made chromium.pdf
fi

if need soffice libreoffice-writer-nogui; then
  printf 'LibreOffice corpus document\n\nPay 100 EUR to the account below.\n\nUnicode: \xc3\xa9\xc3\xa8 \xe4\xb8\xad\xe6\x96\x87\n' > "$work/libreoffice.txt"
  profile="-env:UserInstallation=file://$work/lo-profile"
  timeout 180 soffice "$profile" --headless --convert-to pdf --outdir "$work/lo" "$work/libreoffice.txt" >/dev/null 2>&1 &&
    cp "$work/lo/libreoffice.pdf" "$out/libreoffice.pdf" && made libreoffice.pdf
  # PDF/A-2b export (SelectPdfVersion 2), a second PDF/A producer beside Ghostscript.
  timeout 180 soffice "$profile" --headless --convert-to 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}' \
     --outdir "$work/lo-pdfa" "$work/libreoffice.txt" >/dev/null 2>&1 &&
    cp "$work/lo-pdfa/libreoffice.pdf" "$out/libreoffice-pdfa2b.pdf" && made libreoffice-pdfa2b.pdf
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
