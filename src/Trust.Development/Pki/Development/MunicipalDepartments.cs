namespace Trust.Core.Pki.Development;

/// <summary>
/// The 86 departments of the development PKI: kinds of municipal departments found in Chinese
/// city governments, then district branches of the departments that serve the public most.
/// Codes are short and stable; branches carry the district number (<c>PSB-01</c>).
/// </summary>
internal static class MunicipalDepartments
{
    internal static readonly IReadOnlyList<(string Code, string NameZh, string NameEn)> All = Build();

    /// <summary>
    /// The Administrative Approval Bureau: issues, on behalf of other departments, the licence types of every
    /// catalog department kind that has no department of its own in the PKI (as in many Chinese cities).
    /// </summary>
    internal const string ApprovalBureau = "AAB";

    /// <summary>The catalog department kind of a PKI department code (<c>CAB-03</c> is <c>MCA</c>), or null when it has none.</summary>
    internal static string? KindOf(string departmentCode) => Licences.DepartmentCode.KindOf(departmentCode);

    /// <summary>
    /// The catalog department kinds whose licence types <paramref name="departmentCode"/> may issue, among the
    /// departments <paramref name="present"/> in a PKI: its own kind; for <see cref="ApprovalBureau"/>, every kind
    /// in <paramref name="catalogKinds"/> that no present department has.
    /// </summary>
    internal static IReadOnlyList<string> LicenceKindsOf(string departmentCode, IEnumerable<string> present, IEnumerable<string> catalogKinds)
    {
        if (string.Equals(departmentCode, ApprovalBureau, StringComparison.Ordinal))
        {
            var covered = present.Select(KindOf).Where(k => k is not null).ToHashSet(StringComparer.Ordinal);
            return [.. catalogKinds.Where(k => !covered.Contains(k)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        return KindOf(departmentCode) is { } kind ? [kind] : [];
    }

    private static List<(string, string, string)> Build()
    {
        var city = new List<(string, string, string)>
        {
            ("SAMR", "市场监督管理局", "Market Regulation Administration"),
            ("PSB", "公安局", "Public Security Bureau"),
            ("CAB", "民政局", "Civil Affairs Bureau"),
            ("HC", "卫生健康委员会", "Health Commission"),
            ("EDU", "教育局", "Education Bureau"),
            ("HRSS", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
            ("NRP", "自然资源和规划局", "Natural Resources and Planning Bureau"),
            ("HURD", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
            ("TRANS", "交通运输局", "Transport Bureau"),
            ("EEB", "生态环境局", "Ecology and Environment Bureau"),
            ("TAX", "税务局", "Taxation Bureau"),
            ("JUS", "司法局", "Justice Bureau"),
            ("FIN", "财政局", "Finance Bureau"),
            ("DRC", "发展和改革委员会", "Development and Reform Commission"),
            ("IIT", "工业和信息化局", "Industry and Information Technology Bureau"),
            ("COM", "商务局", "Commerce Bureau"),
            ("CRTT", "文化广电旅游局", "Culture, Radio, Television and Tourism Bureau"),
            ("ARA", "农业农村局", "Agriculture and Rural Affairs Bureau"),
            ("WAB", "水务局", "Water Affairs Bureau"),
            ("EMB", "应急管理局", "Emergency Management Bureau"),
            ("VAB", "退役军人事务局", "Veterans Affairs Bureau"),
            ("HSA", "医疗保障局", "Healthcare Security Administration"),
            ("UMB", "城市管理局", "Urban Management Bureau"),
            ("STAT", "统计局", "Statistics Bureau"),
            ("AUD", "审计局", "Audit Bureau"),
            ("SPORT", "体育局", "Sports Bureau"),
            ("SCI", "科学技术局", "Science and Technology Bureau"),
            ("FOR", "林业局", "Forestry Bureau"),
            ("CAD", "人民防空办公室", "Civil Air Defence Office"),
            ("HPF", "住房公积金管理中心", "Housing Provident Fund Management Centre"),
            ("AAB", "行政审批局", "Administrative Approval Bureau"),
            ("GSA", "政务服务管理局", "Government Services Administration"),
            ("FIRE", "消防救援支队", "Fire and Rescue Detachment"),
            ("RER", "不动产登记中心", "Real Estate Registration Centre"),
            ("NOT", "公证处", "Notary Office"),
            ("ARC", "档案馆", "Municipal Archives"),
            ("ERA", "民族宗教事务局", "Ethnic and Religious Affairs Bureau"),
            ("MET", "气象局", "Meteorological Bureau"),
            ("TOB", "烟草专卖局", "Tobacco Monopoly Bureau"),
            ("EEA", "出入境管理局", "Exit and Entry Administration"),
            ("TPD", "公安局交通警察支队", "Traffic Police Detachment"),
            ("DPF", "残疾人联合会", "Disabled Persons' Federation"),
            ("POST", "邮政管理局", "Postal Administration"),
        };

        var districts = new (string Zh, string En)[]
        {
            ("城东区", "Chengdong District"),
            ("城西区", "Chengxi District"),
            ("城南区", "Chengnan District"),
            ("城北区", "Chengbei District"),
            ("新城区", "Xincheng District"),
            ("高新技术产业开发区", "High-Tech Industrial Development Zone"),
            ("经济技术开发区", "Economic and Technological Development Zone"),
        };

        var branches = new (string Code, string Zh, string En)[]
        {
            ("PSB", "公安分局", "Public Security Sub-bureau"),
            ("SAMR", "市场监督管理分局", "Market Regulation Sub-bureau"),
            ("TAX", "税务分局", "Taxation Sub-bureau"),
            ("HRSS", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
            ("NRP", "自然资源和规划分局", "Natural Resources and Planning Sub-bureau"),
            ("CAB", "民政局", "Civil Affairs Bureau"),
        };

        var result = new List<(string, string, string)>(city);
        for (var d = 0; d < districts.Length; d++)
        {
            foreach (var (code, zh, en) in branches)
            {
                result.Add(($"{code}-{d + 1:D2}", districts[d].Zh + zh, $"{districts[d].En} {en}"));
            }
        }

        result.Add(("HC-01", districts[0].Zh + "卫生健康局", $"{districts[0].En} Health Bureau"));
        return result;
    }
}
