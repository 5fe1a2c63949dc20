namespace Trust.Core.Licences;

/// <summary>
/// A kind of issuing department (for example <c>SAMR</c>, market regulation), as listed in the
/// licence catalog. Concrete departments (a city's market regulation bureau) are of one kind.
/// </summary>
public sealed class DepartmentKind
{
    internal DepartmentKind(string code, string nameZh, string nameEn)
    {
        Code = code;
        NameZh = nameZh;
        NameEn = nameEn;
    }

    /// <summary>Upper-case code, for example <c>SAMR</c>, <c>PSB</c>, <c>MCA</c>.</summary>
    public string Code { get; }

    /// <summary>Chinese name, for example 市场监督管理部门.</summary>
    public string NameZh { get; }

    /// <summary>English name.</summary>
    public string NameEn { get; }
}
