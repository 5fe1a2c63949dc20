#!/usr/bin/env python3
"""Draws page 1 of an OFD licence file as SVG, reading only the OFD package (no Trust code).

Understands what Trust's licence files use (GB/T 33190-2016): PathObject with AbbreviatedData (M/L/C),
TextObject with TextCode, and each seal's StampAnnot (Signature.xml) with the PNG picture from Seal.esl.
Text is drawn with the system's font of the same family (WenQuanYi Micro Hei), not the embedded subset.
Usage: tools/ofd-to-svg.py FILE.ofd > page.svg ; rsvg-convert -w 600 page.svg > page.png
"""
import base64
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"ofd": "http://www.ofdspec.org/2016"}


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main(path):
    z = zipfile.ZipFile(path)
    page = ET.fromstring(z.read("Doc_0/Pages/Page_0/Content.xml"))
    box = ET.fromstring(z.read("Doc_0/Document.xml")).find("ofd:CommonData/ofd:PageArea/ofd:PhysicalBox", NS).text.split()
    pw, ph = box[2], box[3]
    out = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'width="{pw}mm" height="{ph}mm" viewBox="0 0 {pw} {ph}"><rect width="{pw}" height="{ph}" fill="white"/>']
    for obj in page.iter():
        tag = obj.tag.split("}")[1]
        if tag not in ("PathObject", "TextObject"):
            continue
        x, y, w, h = (float(v) for v in obj.get("Boundary").split())
        if tag == "PathObject":
            data = obj.find("ofd:AbbreviatedData", NS).text
            d = re.sub(r"\bC\b", "Z", data)
            if obj.get("Fill") == "true":
                style = 'fill="black" stroke="none"'
            else:
                rgb = obj.find("ofd:StrokeColor", NS).get("Value").replace(" ", ",")
                style = f'fill="none" stroke="rgb({rgb})" stroke-width="{obj.get("LineWidth")}"'
            out.append(f'<path transform="translate({x} {y})" d="{d}" {style}/>')
        else:
            size = obj.get("Size")
            for code in obj.findall("ofd:TextCode", NS):
                tx = x + float(code.get("X"))
                ty = y + float(code.get("Y"))
                out.append(f'<text x="{tx}" y="{ty}" font-size="{size}" font-family="WenQuanYi Micro Hei">{esc(code.text or "")}</text>')
    # Seals: the stamp annotation of each signature, with the picture carried in its seal file.
    if "Doc_0/Signs/Signatures.xml" in z.namelist():
        sigs = ET.fromstring(z.read("Doc_0/Signs/Signatures.xml"))
        for s in sigs.findall("ofd:Signature", NS):
            sig = ET.fromstring(z.read(s.get("BaseLoc").lstrip("/")))
            stamp = sig.find("ofd:SignedInfo/ofd:StampAnnot", NS)
            seal = z.read(sig.find("ofd:SignedInfo/ofd:Seal/ofd:BaseLoc", NS).text.lstrip("/"))
            start = seal.find(b"\x89PNG")
            end = seal.find(b"IEND", start) + 8
            x, y, w, h = stamp.get("Boundary").split()
            png = base64.b64encode(seal[start:end]).decode()
            out.append(f'<image x="{x}" y="{y}" width="{w}" height="{h}" xlink:href="data:image/png;base64,{png}"/>')
    out.append("</svg>")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
