#!/usr/bin/env python3
"""Groups a `perf report --stdio --no-children --sort dso,sym` listing of the server process into
what a request spends its CPU on: signature checks, parsing, cache, store, gRPC/HTTP, runtime (GC,
JIT), kernel (network, scheduling) and the rest. Prints one markdown row: NAME | share per group.

usage: profile_categories.py NAME perf-report.txt
"""
import re
import sys

# First match wins: the order puts the specific ones before the general ones.
GROUPS = [
    ("signature checks", [r"libcrypto", r"Sm2", r"Sm3", r"\bRsa", r"RSA", r"Ecdsa", r"ECDsa", r"BouncyCastle\.Math",
                          r"Org\.BouncyCastle\.(Crypto|Math)", r"Crypto\.Sm", r"BigInteger", r"Montgomery", r"P256", r"FieldElement",
                          r"SignatureCheck", r"CoseSign1\.Verify", r"Verif(y|ier)Signature", r"Sha256", r"SHA256"]),
    ("parsing", [r"Cbor", r"Cose", r"SignedLicence", r"LicencePayload", r"Asn1", r"X509", r"UglyToad", r"PdfPig", r"Trust\.Pdf",
                 r"Base45", r"Zlib|Inflat|Deflat|libz", r"Utf8|UTF8|Utf16|Encoding", r"Json"]),
    ("cache", [r"HybridCache", r"Caching", r"SignatureCache", r"BoundedL1", r"MemoryCache", r"StackExchange"]),
    ("store", [r"[Ss]qlite", r"Npgsql", r"Trust\.Storage"]),
    ("gRPC / HTTP/2", [r"Grpc", r"Kestrel", r"Http2", r"HPack", r"System\.Net", r"Protobuf", r"Pipelines", r"Socket", r"AspNetCore"]),
    ("unresolved .NET code", [r"memfd:doublemapper", r"\.dll\s+0x"]),
    ("runtime (GC, JIT, threads)", [r"libcoreclr", r"libclrjit", r"gc_heap|WKS::|SVR::", r"System\.Threading", r"libSystem\.Native",
                                    r"System\.Runtime", r"libc[-.]", r"ld-linux", r"\[unknown\]"]),
    ("kernel (network, scheduling)", [r"\[kernel", r"\[k\]"]),
]

# perf's dso column may hold spaces ("[JIT] tid 123"): the symbol kind [.] or [k] ends it.
line_re = re.compile(r"^\s*([0-9.]+)%\s+(.*?)\s+\[([.k])\]\s+(.*)$")


def main():
    name, path = sys.argv[1], sys.argv[2]
    totals = {g: 0.0 for g, _ in GROUPS}
    totals["other"] = 0.0
    top = []
    for raw in open(path, encoding="utf-8", errors="replace"):
        m = line_re.match(raw)
        if not m:
            continue
        share, dso, kind, sym = float(m.group(1)), m.group(2), m.group(3), m.group(4).strip()
        # A JIT frame reads "instance <return type> [Assembly] Namespace.Type::Method(<arguments>)[tier]": group it by its
        # owning assembly and type only, since argument and return types name System.Runtime and others everywhere.
        owner = sym
        if "::" in sym:
            before = sym.split("::", 1)[0]
            m2 = re.search(r"\[([^\]]+)\]\s*(\S+)$", before)
            owner = f"[{m2.group(1)}] {m2.group(2)}" if m2 else before
        text = f"{dso} {owner}" + (" [k]" if kind == "k" else "")
        for group, patterns in GROUPS:
            if any(re.search(p, text) for p in patterns):
                totals[group] += share
                break
        else:
            totals["other"] += share
        if len(top) < 8:
            top.append(f"{share:.1f}% {sym[:60]}")
    # Shares of the samples listed (perf may leave out a remainder): normalised so a row adds up to 100 %.
    listed = sum(totals.values()) or 1.0
    cells = " | ".join(f"{100 * totals[g] / listed:.0f} %" for g in list(dict(GROUPS)) + ["other"])
    print(f"| {name} | {cells} |")
    print("top: " + "; ".join(top), file=sys.stderr)


if __name__ == "__main__":
    main()
