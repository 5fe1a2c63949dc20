#!/usr/bin/env python3
"""Draws the layout of an archival package (a Trust 'archive pack' ZIP) as an SVG tree, reading only the ZIP.

Each entry is one line, coloured by its role (document, metadata, validation report, evidence, manifest, package
seal), with its size; a bracket on the right shows what the manifest covers (every entry but itself and the seal)
and what the package seal covers (the manifest). No Trust code is used: the picture is of the bytes as stored.
Usage: tools/archive-package-to-svg.py PACKAGE.zip > package.svg ; rsvg-convert -w 900 package.svg > package.png
"""
import sys
import zipfile

COLOURS = {
    "document": "#1f5fa8", "metadata": "#2e7d32", "validation": "#6a1b9a",
    "evidence": "#8d6e00", "manifest": "#c62828", "seal": "#c62828",
}


def role(name):
    if name == "manifest.xml":
        return "manifest"
    if name == "signature/manifest.ses":
        return "seal"
    return {"documents": "document", "metadata": "metadata", "validation": "validation", "evidence": "evidence",
            "signature": "seal"}.get(name.split("/")[0], "document")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main(path):
    z = zipfile.ZipFile(path)
    entries = sorted((i.filename, i.file_size) for i in z.infolist() if not i.filename.endswith("/"))
    lines, seen = [], set()
    for name, size in entries:
        parts = name.split("/")
        for depth in range(len(parts) - 1):
            folder = "/".join(parts[: depth + 1]) + "/"
            if folder not in seen:
                seen.add(folder)
                lines.append((depth, parts[depth] + "/", None, role(folder), folder))
        lines.append((len(parts) - 1, parts[-1], size, role(name), name))
    h, top, width = 22, 80, 1100
    height = top + h * len(lines) + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="DejaVu Sans Mono, monospace" font-size="14">',
           '<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto">'
           '<path d="M0,0 L10,5 L0,10 z" fill="#c62828"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="20" y="30" font-size="18" font-family="DejaVu Sans, sans-serif" font-weight="bold">{esc(path.split("/")[-1])}'
           f' — archival package ({len(entries)} entries, one ZIP)</text>',
           f'<text x="620" y="{top - 26}" fill="#c62828" font-family="DejaVu Sans, sans-serif" text-anchor="middle">in manifest</text>']
    manifest_y = seal_y = None
    for i, (depth, label, size, kind, full) in enumerate(lines):
        y = top + h * i
        colour = COLOURS[kind]
        weight = "bold" if size is None else "normal"
        out.append(f'<text x="{30 + depth * 22}" y="{y}" fill="{colour}" font-weight="{weight}">{esc(label)}</text>')
        if size is None:
            continue
        out.append(f'<text x="580" y="{y}" fill="#555" text-anchor="end">{size:,} B</text>')
        if kind == "manifest":
            manifest_y = y
            out.append(f'<text x="705" y="{y}" fill="#c62828" font-family="DejaVu Sans, sans-serif">SM3 (GB/T 32905) and size of every ● entry</text>')
        elif kind == "seal":
            seal_y = y
            out.append(f'<text x="705" y="{y}" fill="#c62828" font-family="DejaVu Sans, sans-serif">SES_Signature (GB/T 38540) over manifest.xml</text>')
            out.append(f'<text x="705" y="{y + 18}" fill="#c62828" font-family="DejaVu Sans, sans-serif">+ RFC 3161 time-stamp on its signature</text>')
        else:
            out.append(f'<circle cx="620" cy="{y - 5}" r="5" fill="#c62828"/>')
    if manifest_y is not None and seal_y is not None:
        out.append(f'<path d="M 698 {seal_y - 5} C 645 {seal_y - 5}, 645 {manifest_y - 5}, 695 {manifest_y - 5}" fill="none" '
                   'stroke="#c62828" stroke-width="2" marker-end="url(#a)"/>')
    legend = " · ".join(f'<tspan fill="{c}">{k}</tspan>' for k, c in COLOURS.items() if k != "seal")
    out.append(f'<text x="20" y="{height - 20}" font-family="DejaVu Sans, sans-serif">{legend} · '
               '<tspan fill="#555">beside the package, never inside: PACKAGE.ers (renewals)</tspan></text>')
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
