namespace Trust.Core.Results;

/// <summary>The language of a reason text.</summary>
public enum ReasonLanguage
{
    /// <summary>English.</summary>
    English = 0,

    /// <summary>Simplified Chinese (the wording of a government service).</summary>
    Chinese = 1,
}

/// <summary>One entry of the <see cref="ReasonCatalog"/>: a reason code and what it means.</summary>
/// <param name="Code">The code, snake_case <c>area.what</c>; in results a detail may follow after a colon (<c>schema.missing_field:name</c>).</param>
/// <param name="Indication">The indication a result with this reason has at least.</param>
/// <param name="SubIndication">The sub-indication that goes with it.</param>
/// <param name="English">Short English text.</param>
/// <param name="Chinese">Short Chinese text.</param>
public sealed record Reason(string Code, Indication Indication, SubIndication SubIndication, string English, string Chinese)
{
    /// <summary>The text in <paramref name="language"/>.</summary>
    public string Text(ReasonLanguage language) => language == ReasonLanguage.Chinese ? Chinese : English;
}
