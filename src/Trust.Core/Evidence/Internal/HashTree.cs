namespace Trust.Core.Evidence.Internal;

/// <summary>
/// The hash tree of RFC 4998 section 4.2 and its reduced form (section 4.3). Leaves are grouped in pairs (the last group
/// of an odd level takes three, which section 4.2 allows: groups may have any size), so no group ever has a single
/// member; a group's hash is the hash of its members sorted in binary ascending order and concatenated. The reduced
/// tree of a leaf is one list per level: the first holds the leaf and its siblings, each further list the siblings of
/// the node computed so far. One leaf alone is its own root and has an empty reduced tree.
/// </summary>
internal static class HashTree
{
    /// <summary>Builds the tree over <paramref name="leaves"/>; returns the root and every leaf's reduced tree.</summary>
    public static (byte[] Root, List<byte[]>[][] Reduced) Build(Crypto.DigestAlgorithm algorithm, IReadOnlyList<byte[]> leaves)
    {
        ArgumentOutOfRangeException.ThrowIfZero(leaves.Count);
        var reduced = new List<List<byte[]>>[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            reduced[i] = [];
        }

        // members[n] = the leaves below node n of the current level.
        var level = leaves.ToList();
        var members = Enumerable.Range(0, leaves.Count).Select(i => new List<int> { i }).ToList();
        var first = true;
        while (level.Count > 1)
        {
            var nextLevel = new List<byte[]>((level.Count / 2) + 1);
            var nextMembers = new List<List<int>>((level.Count / 2) + 1);
            var groups = level.Count / 2;
            for (var g = 0; g < groups; g++)
            {
                var start = g * 2;
                var size = g == groups - 1 && level.Count % 2 == 1 ? 3 : 2;
                var group = level.GetRange(start, size);
                foreach (var node in Enumerable.Range(start, size))
                {
                    var siblings = Enumerable.Range(start, size).Where(n => n != node || first).Select(n => level[n]).ToList();
                    foreach (var leaf in members[node])
                    {
                        reduced[leaf].Add(siblings);
                    }
                }

                nextLevel.Add(HashGroup(algorithm, group));
                nextMembers.Add(Enumerable.Range(start, size).SelectMany(n => members[n]).ToList());
            }

            level = nextLevel;
            members = nextMembers;
            first = false;
        }

        return (level[0], reduced.Select(r => r.ToArray()).ToArray());
    }

    /// <summary>
    /// Recomputes the root from a leaf and its reduced tree (RFC 4998 section 4.3); null when the leaf is not in the first
    /// list (the data or the tree changed).
    /// </summary>
    public static byte[]? Root(Crypto.DigestAlgorithm algorithm, byte[] leaf, IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> reduced)
    {
        if (reduced.Count == 0)
        {
            return leaf;
        }

        if (!reduced[0].Any(h => h.Span.SequenceEqual(leaf)))
        {
            return null;
        }

        var current = HashGroup(algorithm, reduced[0].Select(h => h.ToArray()).ToList());
        for (var i = 1; i < reduced.Count; i++)
        {
            var group = reduced[i].Select(h => h.ToArray()).ToList();
            group.Add(current);
            current = HashGroup(algorithm, group);
        }

        return current;
    }

    /// <summary>The hash of a group: members sorted in binary ascending order, concatenated (RFC 4998 section 4.2 step 4).</summary>
    public static byte[] HashGroup(Crypto.DigestAlgorithm algorithm, List<byte[]> group)
    {
        group.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        var buffer = new byte[group.Sum(h => h.Length)];
        var offset = 0;
        foreach (var h in group)
        {
            h.CopyTo(buffer, offset);
            offset += h.Length;
        }

        return EvidenceDigests.Hash(algorithm, buffer);
    }
}
