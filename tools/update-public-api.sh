#!/usr/bin/env bash
# Records the public API of the packed libraries (Trust.Crypto, Trust.Core, Trust.Pdf, Trust.Storage) in PublicAPI.Unshipped.txt.
# Run it after an intentional change of public surface, then review the diff:
# every line added is a public promise. Usage: tools/update-public-api.sh [project...]
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
[ ${#projects[@]} -eq 0 ] && projects=(src/Trust.Crypto src/Trust.Core src/Trust.Pdf src/Trust.Storage)
for p in "${projects[@]}"; do
  for round in 1 2 3; do
    log=$(mktemp)
    dotnet build "$p" -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false -warnAsMessage:none 2>&1 > "$log" || true
    python3 - "$p" "$log" <<'PY'
import re, sys, os
proj, log = sys.argv[1], sys.argv[2]
unshipped = os.path.join(proj, "PublicAPI.Unshipped.txt")
lines = [l.rstrip("\n") for l in open(unshipped, encoding="utf-8")] if os.path.exists(unshipped) else ["#nullable enable"]
text = open(log, encoding="utf-8", errors="replace").read()
projname = os.path.basename(os.path.normpath(proj))
add, remove = set(), set()
for m in re.finditer(r"(RS0016|RS0017|RS0037): Symbol '(.+?)' (is not part of the declared public API|is part of the declared API, but is either not public or could not be found)[^\[]*\[([^\]]+)\]", text):
    if projname not in m.group(4):
        continue
    (add if m.group(1) == "RS0016" else remove).add(m.group(2))
body = sorted((set(l for l in lines if l and not l.startswith("#")) | add) - remove)
open(unshipped, "w", encoding="utf-8").write("#nullable enable\n" + "".join(s + "\n" for s in body))
print(f"{proj}: +{len(add)} -{len(remove)}")
PY
    rm -f "$log"
  done
done
