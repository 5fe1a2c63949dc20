namespace Trust.Core.Results;

/// <summary>
/// The common result shape of every Trust verifier (licences, grants, status lists, SES_Signature files, PDF seals):
/// a main indication (ETSI EN 319 102-1), a sub-indication and the reason codes, computed from the reasons through
/// the <see cref="ReasonCatalog"/>: the worst reason decides (<see cref="Indication.Failed"/> over
/// <see cref="Indication.Indeterminate"/> over <see cref="Indication.Passed"/>; among equals the first, in check order).
/// A reason code not in the catalogue counts as <see cref="Indication.Indeterminate"/>: an unknown reason is never a pass.
/// </summary>
public sealed class VerificationOutcome
{
    private VerificationOutcome(Indication indication, SubIndication subIndication, IReadOnlyList<string> reasons)
    {
        Indication = indication;
        SubIndication = subIndication;
        Reasons = reasons;
    }

    /// <summary>The outcome with no reasons: <see cref="Indication.Passed"/>.</summary>
    public static VerificationOutcome Passed { get; } = new(Indication.Passed, SubIndication.None, []);

    /// <summary>The main indication.</summary>
    public Indication Indication { get; }

    /// <summary>The sub-indication of the deciding reason; <see cref="SubIndication.None"/> when passed.</summary>
    public SubIndication SubIndication { get; }

    /// <summary>The reason codes (catalogued codes, details after a colon), in check order; empty when passed.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>True only for <see cref="Indication.Passed"/>.</summary>
    public bool IsPassed => Indication == Indication.Passed;

    /// <summary>The outcome of a list of reason codes: the worst decides; no reasons is <see cref="Indication.Passed"/>.</summary>
    /// <param name="reasons">Reason codes in check order.</param>
    public static VerificationOutcome FromReasons(IEnumerable<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var list = reasons.ToArray();
        if (list.Length == 0)
        {
            return Passed;
        }

        var indication = Indication.Passed;
        var sub = SubIndication.None;
        foreach (var code in list)
        {
            var (i, s) = ReasonCatalog.Find(code) is { } entry
                ? (entry.Indication, entry.SubIndication)
                : (Indication.Indeterminate, SubIndication.Generic);
            if (i > indication)
            {
                indication = i;
                sub = s;
            }
        }

        return new VerificationOutcome(indication, sub, list);
    }

    /// <summary>
    /// The outcome of a result whose verdict is already known: the worst reason decides, and when the verdict is
    /// worse than the reasons say (for example a modified PDF, whose changes are listed but not given codes) the
    /// catalogued <paramref name="verdictReason"/> is appended so the outcome is never better than the verdict.
    /// </summary>
    /// <param name="reasons">The result's reason codes.</param>
    /// <param name="verdictReason">A catalogued code standing for the verdict; null when the verdict is valid.</param>
    public static VerificationOutcome FromReasons(IReadOnlyList<string> reasons, string? verdictReason)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var outcome = FromReasons(reasons);
        if (verdictReason is null || ReasonCatalog.Find(verdictReason) is not { } floor || floor.Indication <= outcome.Indication)
        {
            return outcome;
        }

        return FromReasons([.. reasons, verdictReason]);
    }

    /// <inheritdoc />
    public override string ToString() => Indication == Indication.Passed
        ? Indication.ToText()
        : $"{Indication.ToText()}/{SubIndication.ToText()} ({string.Join(", ", Reasons)})";
}
