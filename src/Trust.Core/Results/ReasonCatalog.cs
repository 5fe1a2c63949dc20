using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using static Trust.Core.Results.Indication;
using static Trust.Core.Results.SubIndication;

namespace Trust.Core.Results;

/// <summary>
/// The one catalogue of reason codes that Trust verifiers report: licences, grants, status lists, SES_Signature
/// files, PDF seals and the audit chain. Every code is snake_case <c>area.what</c>; in results a detail may follow
/// after a colon (<c>schema.missing_field:registered_capital</c>), which <see cref="Find"/> ignores.
/// <c>docs/reasons.md</c> is generated from this table (<see cref="ToMarkdown"/>).
/// </summary>
public static class ReasonCatalog
{
    /// <summary>The reasons of <see cref="Pki.CertificateValidator"/> (after <c>chain.</c>), with their sub-indication when checked now.</summary>
    private static readonly (string Code, SubIndication Sub, string English, string Chinese)[] ChainCodes =
    [
        ("untrusted", NoCertificateChainFound, "The certificate does not chain to a trusted root.", "签名证书不能链接到受信任的根证书"),
        ("malformed", CertificateChainGeneralFailure, "A certificate cannot be read.", "证书格式错误，无法解析"),
        ("loop", ChainConstraintsFailure, "The certificates form a loop.", "证书链存在循环"),
        ("too_long", ChainConstraintsFailure, "The certificate chain is longer than allowed.", "证书链长度超过限制"),
        ("expired", Expired, "A certificate in the chain has expired.", "证书链中的证书已过期"),
        ("not_yet_valid", SubIndication.NotYetValid, "A certificate in the chain is not yet valid.", "证书链中的证书尚未生效"),
        ("revoked", RevokedNoPoe, "A certificate in the chain has been revoked.", "证书链中的证书已被撤销"),
        ("unknown_critical_extension", ChainConstraintsFailure, "A certificate has a critical extension that is not understood.", "证书包含无法识别的关键扩展项"),
        ("not_ca", ChainConstraintsFailure, "An issuing certificate is not a CA certificate.", "签发者证书不是 CA 证书"),
        ("path_length", ChainConstraintsFailure, "The chain exceeds a CA's path length constraint.", "证书链超出 CA 的路径长度限制"),
        ("key_usage", ChainConstraintsFailure, "A certificate's key usage does not allow this use.", "证书的密钥用法不允许此用途"),
        ("extended_key_usage", ChainConstraintsFailure, "The certificate's extended key usage does not allow this use.", "证书的扩展密钥用法不允许此用途"),
        ("unsupported_algorithm", CryptoConstraintsFailure, "A certificate is signed with an unsupported algorithm.", "证书使用了不支持的签名算法"),
        ("bad_signature", CertificateChainGeneralFailure, "A certificate's signature does not verify.", "证书签名验证失败"),
        ("crl_bad_signature", CertificateChainGeneralFailure, "A certificate revocation list's signature does not verify.", "证书撤销列表签名验证失败"),
        ("revocation_unknown", TryLater, "No current revocation information is available for a certificate.", "无法获取证书的最新撤销状态"),
    ];

    private static readonly Reason[] Entries = Build();
    private static readonly FrozenDictionary<string, Reason> ByCode = Entries.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);

    /// <summary>Every catalogued reason, ordered by code.</summary>
    public static IReadOnlyList<Reason> All => Entries;

    /// <summary>The entry of a reason code, matching the part before the first colon; null when the code is not catalogued.</summary>
    /// <param name="code">A reason code as reported, for example <c>schema.missing_field:x</c>.</param>
    public static Reason? Find(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var key = colon < 0 ? code : code[..colon];
        return ByCode.TryGetValue(key, out var reason) ? reason : null;
    }

    /// <summary>
    /// A reason as text in <paramref name="language"/>, with its detail (the part after the colon) in brackets;
    /// an uncatalogued code is described as unknown, never dropped.
    /// </summary>
    /// <param name="code">A reason code as reported.</param>
    /// <param name="language">The language.</param>
    public static string Describe(string code, ReasonLanguage language)
    {
        ArgumentNullException.ThrowIfNull(code);
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var detail = colon < 0 ? null : code[(colon + 1)..];
        if (Find(code) is not { } reason)
        {
            return language == ReasonLanguage.Chinese ? $"未知原因（{code}）" : $"Unknown reason ({code})";
        }

        var text = reason.Text(language);
        if (string.IsNullOrEmpty(detail))
        {
            return text;
        }

        return language == ReasonLanguage.Chinese ? $"{text}（{detail}）" : $"{text} ({detail})";
    }

    /// <summary>The catalogue as the markdown of <c>docs/reasons.md</c>: a table of code, indication, sub-indication, English and Chinese.</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# Reason codes\n\n");
        text.Append("Generated from `Trust.Core.Results.ReasonCatalog` by the test `ReasonCatalogTests`; do not edit by hand.\n");
        text.Append("Regenerate with `TRUST_UPDATE_DOCS=1 dotnet test tests/Trust.Core.Tests --filter ReasonCatalog`.\n\n");
        text.Append("Every verifier (licences, grants, status lists, SES_Signature files, PDF seals, the audit chain) reports reason codes\n");
        text.Append("from this table. A result's indication (ETSI EN 319 102-1: TOTAL-PASSED, TOTAL-FAILED, INDETERMINATE) is that of its\n");
        text.Append("worst reason. In results a detail may follow a code after a colon (`schema.missing_field:registered_capital`).\n");
        text.Append("Sub-indications in the ETSI style that ETSI does not define are Trust's own: SUSPENDED, NOT_AUTHORISED,\n");
        text.Append("NOT_PERMITTED_CHANGE, NO_SIGNATURE_FOUND.\n\n");
        text.Append("| Code | Indication | Sub-indication | English | 中文 |\n");
        text.Append("|---|---|---|---|---|\n");
        foreach (var r in Entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{r.Code}` | {r.Indication.ToText()} | {r.SubIndication.ToText()} | {Cell(r.English)} | {Cell(r.Chinese)} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static Reason[] Build()
    {
        var list = new List<Reason>();
        void Add(string code, Indication indication, SubIndication sub, string english, string chinese) =>
            list.Add(new Reason(code, indication, sub, english, chinese));

        // Any verifier.
        Add("check.failed", Failed, Generic, "A check failed.", "检查未通过");
        Add("check.indeterminate", Indeterminate, TryLater, "A check could not be made (the certificate validator or revocation source failed).", "无法完成检查（证书验证或撤销状态查询失败）");
        Add("verifier.error", Indeterminate, Generic, "The verifier failed unexpectedly; no decision was made.", "验证程序发生异常，未能得出结论");

        // Input and encodings.
        Add("input.empty", Failed, FormatFailure, "The input is empty.", "输入内容为空");
        Add("input.too_large", Failed, FormatFailure, "The input is larger than allowed.", "输入内容超过允许的大小");
        Add("input.malformed", Failed, FormatFailure, "The input is malformed (the detail names the field).", "输入内容格式错误（详情注明字段）");
        Add("request.invalid", Failed, FormatFailure, "The request is invalid.", "请求参数无效");
        Add("cbor.too_deep", Failed, FormatFailure, "The CBOR data is nested too deeply.", "CBOR 数据嵌套层数过深");
        Add("qr.length", Failed, FormatFailure, "The QR text has a wrong length.", "二维码内容长度不正确");
        Add("qr.prefix", Failed, FormatFailure, "The QR text does not start with the expected prefix.", "二维码内容前缀不正确");
        Add("qr.base45", Failed, FormatFailure, "The QR text is not valid Base45.", "二维码内容不是有效的 Base45 编码");
        Add("qr.zlib", Failed, FormatFailure, "The QR content cannot be decompressed.", "二维码内容解压失败");
        Add("qr.zlib.too_large", Failed, FormatFailure, "The QR content decompresses to more than allowed.", "二维码内容解压后超过允许的大小");
        Add("qr.trailing_bytes", Failed, FormatFailure, "The QR content has bytes after its end.", "二维码内容末尾有多余数据");

        // Licences (COSE_Sign1 over CBOR).
        Add("cose.unsupported_alg", Failed, CryptoConstraintsFailure, "The signature algorithm is not supported.", "不支持该签名算法");
        Add("cose.wrong_content_type", Failed, FormatFailure, "The signed object is not a licence (wrong content type).", "签名对象不是电子证照（内容类型错误）");
        Add("cose.kid_mismatch", Failed, SigConstraintsFailure, "The key identifier does not match the signing certificate.", "密钥标识与签名证书不符");
        Add("payload.validity_window", Failed, FormatFailure, "The validity period ends before it starts.", "有效期截止时间早于起始时间");
        Add("payload.issued_in_future", Failed, SigConstraintsFailure, "The issue time lies in the future.", "签发时间晚于当前时间");
        Add("signature.invalid", Failed, SigCryptoFailure, "The signature does not verify.", "签名验证失败");
        Add("signature.mismatch", Failed, SigCryptoFailure, "The signature does not match the file.", "签名与文件不匹配");
        Add("signature.high_s", Failed, SigCryptoFailure, "The ECDSA signature is not in low-S form.", "ECDSA 签名值不符合低 S 值要求");
        Add("chain.missing", Failed, NoSigningCertificateFound, "No signing certificate is attached.", "未附带签名证书");
        Add("chain.bad_leaf", Failed, NoSigningCertificateFound, "The signing certificate cannot be read.", "签名证书无法解析");
        Add("schema.unknown_type", Failed, FormatFailure, "The licence type is not registered.", "证照类型未登记");
        Add("schema.unknown_version", Failed, FormatFailure, "The licence type version is not registered.", "证照类型版本未登记");
        Add("schema.invalid_id", Failed, FormatFailure, "The licence number is not well-formed.", "证照编号格式不正确");
        Add("schema.id_mismatch", Failed, FormatFailure, "The licence number does not match the licence content.", "证照编号与证照内容不符");
        Add("schema.missing_field", Failed, FormatFailure, "A required field is missing (the detail names it).", "缺少必填项（详情注明字段）");
        Add("schema.invalid_field", Failed, FormatFailure, "A field value is not allowed (the detail names it).", "字段值不符合要求（详情注明字段）");
        Add("schema.unknown_field", Failed, FormatFailure, "A field is not defined by the licence type.", "含有证照类型未定义的字段");
        Add("validity.not_yet_valid", Failed, NotYetValid, "The licence is not yet valid.", "证照尚未生效");
        Add("validity.expired", Failed, Expired, "The licence has expired.", "证照已超过有效期");
        Add("status.revoked", Failed, Revoked, "The licence has been revoked.", "证照已被撤销");
        Add("status.suspended", Failed, Suspended, "The licence is suspended.", "证照已被暂停使用");
        Add("status.indeterminate", Indeterminate, TryLater, "The licence status could not be determined (the detail says why).", "无法确定证照状态（详情注明原因）");
        Add("status.list_missing", Indeterminate, TryLater, "The status list is not available.", "无法获取状态列表");
        Add("status.list_issuer_mismatch", Indeterminate, Generic, "The status list was issued by another department.", "状态列表的签发部门与证照不符");
        Add("status.list_expired", Indeterminate, TryLater, "The status list is out of date.", "状态列表已过期");
        Add("status.bad_index", Indeterminate, Generic, "The licence's status index lies outside the status list.", "证照状态索引超出状态列表范围");
        Add("status.unknown_licence", Indeterminate, Generic, "The status source does not know the licence.", "状态查询未找到该证照");

        // Certificate chains as the licence verifier and the certificate validator report them (checked now).
        foreach (var c in ChainCodes)
        {
            Add("chain." + c.Code, Indeterminate, c.Sub, c.English, c.Chinese);
        }

        Add("chain.invalid", Indeterminate, CertificateChainGeneralFailure, "The certificate chain is invalid.", "证书链无效");
        Add("chain.not_checked", Indeterminate, Generic, "The certificate chain was not checked.", "未检查证书链");

        // Signer entitlement (roles, departments, licence kinds).
        Add("signer.role_missing", Failed, SigConstraintsFailure, "The signing certificate lacks the required role (the detail names it).", "签名证书不具备所需角色（详情注明角色）");
        Add("signer.department_missing", Failed, SigConstraintsFailure, "The signing certificate names no department.", "签名证书未载明所属部门");
        Add("signer.department_mismatch", Failed, SigConstraintsFailure, "The signing certificate belongs to another department.", "签名证书所属部门与签发部门不符");
        Add("signer.licence_kind_not_entitled", Failed, SigConstraintsFailure, "The issuer is not entitled to issue this kind of licence.", "签发部门无权签发此类证照");
        Add("maker.role_missing", Failed, SigConstraintsFailure, "The seal maker's certificate lacks the seal-maker role.", "制章者证书不具备制章角色");
        Add("maker.department_missing", Failed, SigConstraintsFailure, "The seal maker's certificate names no department.", "制章者证书未载明所属部门");
        Add("maker.department_mismatch", Failed, SigConstraintsFailure, "The seal maker's certificate belongs to another department.", "制章者证书所属部门不符");

        // Status lists.
        Add("statuslist.wrong_content_type", Failed, FormatFailure, "The signed object is not a status list.", "签名对象不是状态列表");
        Add("statuslist.malformed", Failed, FormatFailure, "The status list is malformed.", "状态列表格式错误");
        Add("statuslist.chain_missing", Failed, NoSigningCertificateFound, "The status list carries no signing certificate.", "状态列表未附带签名证书");
        Add("statuslist.untrusted", Indeterminate, NoCertificateChainFound, "The status list's signing certificate does not chain to a trusted root.", "状态列表签名证书不能链接到受信任的根证书");
        Add("statuslist.signature_invalid", Failed, SigCryptoFailure, "The status list's signature does not verify.", "状态列表签名验证失败");
        Add("statuslist.signer.role_missing", Failed, SigConstraintsFailure, "The status list's signer lacks the required role.", "状态列表签名证书不具备所需角色");
        Add("statuslist.signer.department_missing", Failed, SigConstraintsFailure, "The status list's signing certificate names no department.", "状态列表签名证书未载明所属部门");
        Add("statuslist.signer.department_mismatch", Failed, SigConstraintsFailure, "The status list's signing certificate belongs to another department.", "状态列表签名证书所属部门与状态列表不符");

        // Grants.
        Add("grant.malformed", Failed, FormatFailure, "The grant cannot be read.", "授权凭证无法识别");
        Add("grant.signature_invalid", Failed, SigCryptoFailure, "The grant's signature does not verify.", "授权凭证签名验证失败");
        Add("grant.untrusted", Failed, NoCertificateChainFound, "The grant's signing certificate does not chain to a trusted root.", "授权凭证签名证书不能链接到受信任的根证书");
        Add("grant.expired", Failed, Expired, "The grant has expired.", "授权已过期");
        Add("grant.not_yet_valid", Failed, NotYetValid, "The grant is not yet valid.", "授权尚未生效");
        Add("grant.wrong_grantee", Failed, NotAuthorised, "The grant was not given to this clerk or department.", "授权对象不是当前办理人员或部门");
        Add("grant.wrong_service_item", Failed, NotAuthorised, "The grant is for another service item.", "授权事项与当前办理事项不符");
        Add("grant.revoked", Failed, Revoked, "The grant has been withdrawn.", "授权已被撤回");
        Add("grant.already_used", Failed, NotAuthorised, "The single-use grant has already been used.", "一次性授权已被使用");
        Add("grant.lifetime_too_long", Failed, SigConstraintsFailure, "The grant's validity is longer than allowed.", "授权有效期超过允许的最长期限");
        Add("grant.issued_in_future", Failed, SigConstraintsFailure, "The grant's issue time lies in the future.", "授权签发时间晚于当前时间");
        Add("grant.valid_before_issue", Failed, SigConstraintsFailure, "The grant's validity starts before it was issued.", "授权生效时间早于签发时间");

        // Electronic seals (GB/T 38540 SES_Signature and SES_Seal).
        Add("format.malformed", Failed, FormatFailure, "The signature is not a well-formed SES_Signature.", "电子签章数据不是合法的 SES_Signature 结构");
        Add("seal.malformed", Failed, FormatFailure, "The embedded seal is not a well-formed SES_Seal.", "电子印章数据格式错误");
        Add("seal.maker_signature_invalid", Failed, SigCryptoFailure, "The seal maker's signature on the seal does not verify.", "制章者对印章的签名验证失败");
        Add("seal.maker_signature_encoding", Failed, FormatFailure, "The seal maker's signature value is not DER-encoded.", "制章者签名值编码不符合要求");
        Add("seal.unknown_critical_extension", Failed, FormatFailure, "The seal has a critical extension that is not understood.", "印章包含无法识别的关键扩展项");
        Add("seal.not_valid_at_signing_time", Failed, SigConstraintsFailure, "The signing time lies outside the seal's validity period.", "签章时间不在印章有效期内");
        Add("seal.signer_not_listed", Failed, SigConstraintsFailure, "The signer's certificate is not in the seal's certificate list.", "签章人证书不在印章的证书列表中");
        Add("seal.revoked", Failed, Revoked, "The seal has been revoked.", "印章已被撤销");
        Add("seal.timestamp_malformed", Failed, FormatFailure, "The signature timestamp is malformed.", "签章时间戳格式错误");
        Add("seal.timestamp_mismatch", Failed, HashFailure, "The signature timestamp does not cover the signature value.", "签章时间戳与签名值不符");
        // RFC 3161 time-stamp tokens (signature timestamps, document and archive timestamps, the TSA client).
        Add("timestamp.malformed", Failed, FormatFailure, "The time-stamp token is not a well-formed RFC 3161 TimeStampToken.", "时间戳令牌不是合法的 RFC 3161 结构");
        Add("timestamp.imprint_mismatch", Failed, HashFailure, "The time-stamp token does not cover the data (message imprint mismatch).", "时间戳令牌的消息摘要与数据不符");
        Add("timestamp.nonce_mismatch", Failed, Generic, "The time-stamp token does not echo the request's nonce.", "时间戳令牌未返回请求中的随机数");
        Add("timestamp.signature_invalid", Failed, SigCryptoFailure, "The time-stamp authority's signature on the token does not verify.", "时间戳服务机构的签名验证失败");
        Add("timestamp.unsupported_algorithm", Failed, CryptoConstraintsFailure, "The time-stamp token uses an algorithm that is not accepted.", "时间戳令牌使用了不支持的算法");
        Add("timestamp.signing_certificate_missing", Indeterminate, NoSigningCertificateFound, "The time-stamp token does not carry or name its TSA certificate.", "时间戳令牌缺少或未正确标识时间戳服务机构证书");
        Add("timestamp.tsa_not_entitled", Failed, ChainConstraintsFailure, "The time-stamp authority's certificate is not a TSA certificate (critical id-kp-timeStamping) or its chain is invalid.", "时间戳服务机构证书不具备时间戳用途（关键扩展 id-kp-timeStamping）或证书链无效");
        Add("timestamp.tsa_untrusted", Indeterminate, NoCertificateChainFound, "The time-stamp authority's certificate is not trusted at the time asked (untrusted, expired, revoked or not yet valid).", "时间戳服务机构证书在所查时间不受信任（不可信、过期、撤销或未生效）");
        Add("timestamp.rejected", Indeterminate, TryLater, "The time-stamp authority refused the request.", "时间戳服务机构拒绝了请求");
        Add("timestamp.unavailable", Indeterminate, TryLater, "The time-stamp authority could not be reached or answered with something else than a time-stamp response.", "无法连接时间戳服务机构或其响应不是时间戳响应");
        // RFC 4998 evidence records and archive renewal (Trust.Core.Evidence).
        Add("evidence.malformed", Failed, FormatFailure, "The evidence record is not a DER RFC 4998 EvidenceRecord (the detail names the field and offset).", "证据记录不是合法的 RFC 4998 DER 结构（详情注明字段和偏移）");
        Add("evidence.unsupported_digest", Indeterminate, CryptoConstraintsFailure, "The evidence record uses a hash algorithm that is not supported (SHA-256 and SM3 are).", "证据记录使用了不支持的杂凑算法（支持 SHA-256 和 SM3）");
        Add("evidence.digest_untrusted", Indeterminate, CryptoConstraintsFailure, "A hash algorithm of the evidence record was no longer trusted when it was renewed, or is not trusted at the validation time.", "证据记录的杂凑算法在续期时或验证时已不再可信");
        Add("evidence.hash_tree_mismatch", Failed, HashFailure, "The file (or the archive time-stamp it renews) is not covered by the archive time-stamp's hash tree: the file was changed.", "文件（或被续期的存档时间戳）不在存档时间戳的杂凑树中：文件已被修改");
        Add("evidence.chain_algorithm_mismatch", Failed, FormatFailure, "An archive time-stamp uses another hash algorithm than its chain.", "存档时间戳使用的杂凑算法与其所在链不一致");
        Add("evidence.timestamp_order", Failed, Generic, "An archive time-stamp is older than the one it renews.", "存档时间戳早于其续期的时间戳");
        Add("evidence.renewal.missing", Indeterminate, NoPoe, "The file has no archive time-stamp yet.", "文件尚无存档时间戳");
        Add("evidence.renewal.tsa_expiring", Indeterminate, OutOfBoundsNoPoe, "The newest archive time-stamp's TSA certificate expires within the renewal period.", "最新存档时间戳的时间戳服务机构证书将在续期期限内到期");
        Add("evidence.renewal.digest_weakening", Indeterminate, CryptoConstraintsFailure, "The newest archive time-stamp's hash algorithm is not trusted, or stops being trusted within the renewal period.", "最新存档时间戳的杂凑算法已不可信或将在续期期限内不再可信");
        Add("evidence.renewal.io_error", Indeterminate, TryLater, "The file or its evidence record could not be read or written; it was left unchanged.", "文件或其证据记录无法读取或写入，未作改动");
        Add("signer.signature_invalid", Failed, SigCryptoFailure, "The signer's signature does not verify.", "签章人签名验证失败");
        Add("signer.signature_encoding", Failed, FormatFailure, "The signer's signature value is not DER-encoded.", "签章人签名值编码不符合要求");
        Add("data.hash_mismatch", Failed, HashFailure, "The signed data has been changed (digest mismatch).", "原文数据已被篡改（摘要不一致）");

        // Two-phase sealing and seal providers (phase two refusals; nothing is written).
        Add("sealing.session_malformed", Failed, FormatFailure, "The sealing session is not a Trust sealing session.", "签章会话数据格式错误");
        Add("sealing.session_tampered", Failed, SigCryptoFailure, "The sealing session was changed or made with another key.", "签章会话数据被篡改或密钥不符");
        Add("sealing.session_expired", Failed, Expired, "The sealing session has expired; prepare the document again.", "签章会话已过期，请重新准备文档");
        Add("sealing.signature_encoding", Failed, FormatFailure, "The returned signature value is neither DER nor raw r||s.", "返回的签名值编码错误（既非 DER 也非 r||s）");
        Add("sealing.signature_invalid", Failed, SigCryptoFailure, "The returned signature does not verify over the prepared data with the seal certificate.", "返回的签名值无法用印章证书对待签数据验证通过");
        Add("sealing.wrong_key", Failed, SigCryptoFailure, "The returned signature was made with another key or certificate.", "返回的签名使用了其他密钥或证书");
        Add("sealing.wrong_sm2_signer_id", Failed, SigCryptoFailure, "The SM2 signature was made with another signer ID.", "SM2 签名使用了错误的签名者标识");
        Add("sealing.wrong_digest", Failed, HashFailure, "The returned signature signs other content than was prepared.", "返回的签名所签内容与准备的待签数据不符");
        Add("sealing.document_changed", Failed, HashFailure, "The prepared document was changed between the two phases.", "待签文档在两个阶段之间被修改");
        Add("sealing.not_authorised", Failed, NotAuthorised, "The caller may not use this seal.", "调用方无权使用该印章");
        Add("sealing.authorization_unknown", Failed, NotAuthorised, "The signing authorisation is unknown.", "签章授权不存在");
        Add("sealing.authorization_expired", Failed, Expired, "The signing authorisation has expired.", "签章授权已过期");
        Add("sealing.authorization_used", Failed, NotAuthorised, "The single-use signing authorisation was already used.", "一次性签章授权已被使用");
        Add("sealing.digest_not_authorised", Failed, NotAuthorised, "A digest to sign is not covered by the signing authorisation.", "待签摘要不在签章授权范围内");
        Add("sealing.remote_refused", Failed, NotAuthorised, "The remote signing service refused to sign (token, authorisation or hash refused).", "远程签名服务拒绝签名（令牌、授权或摘要被拒绝）");
        Add("sealing.remote_unavailable", Indeterminate, TryLater, "The remote signing service could not be reached or did not answer in time.", "无法连接远程签名服务或其未在时限内响应");
        Add("sealing.remote_malformed", Failed, FormatFailure, "The remote signing service answered with something other than its API defines.", "远程签名服务的响应不符合其接口定义");
        foreach (var (who, en, zh) in new[] { ("maker", "The seal maker's certificate", "制章者证书"), ("signer", "The signer's certificate", "签章人证书") })
        {
            Add(who + ".chain_untrusted", Failed, NoCertificateChainFound, en + " does not chain to a trusted root.", zh + "不能链接到受信任的根证书");
            Add(who + ".chain_expired", Failed, Expired, en + " had expired at signing time.", zh + "在签章时已过期");
            Add(who + ".chain_not_yet_valid", Failed, NotYetValid, en + " was not yet valid at signing time.", zh + "在签章时尚未生效");
            Add(who + ".chain_revoked", Failed, Revoked, en + " has been revoked.", zh + "已被撤销");
            Add(who + ".chain_invalid", Failed, CertificateChainGeneralFailure, en + " chain is invalid.", zh + "链无效");
        }

        // Licence files (OFD and PDF/A-3 e-licence files) and OFD seals (GB/T 33190 section 18).
        Add("licence_file.licence_missing", Failed, FormatFailure, "The file carries no embedded licence.", "文件中没有嵌入电子证照");
        Add("licence_file.licence_not_valid", Failed, Generic, "The embedded licence does not verify.", "嵌入的电子证照验证未通过");
        Add("licence_file.page_mismatch", Failed, NotPermittedChange, "The visible page does not show the data of the embedded licence.", "页面显示内容与嵌入的电子证照数据不一致");
        Add("licence_file.unknown_format", Indeterminate, FormatFailure, "The file is neither a PDF nor an OFD file.", "文件既不是 PDF 也不是 OFD 格式");
        Add("ofd.unreadable", Failed, FormatFailure, "The file is not a readable OFD package.", "无法读取该 OFD 文件包");
        Add("ofd.unsigned", Indeterminate, NoSignatureFound, "The OFD document carries no seal.", "OFD 文档未加盖电子印章");
        Add("ofd.signature_malformed", Failed, FormatFailure, "An OFD signature description is malformed.", "OFD 签名描述文件格式错误");
        Add("ofd.reference_mismatch", Failed, HashFailure, "A file protected by the seal has changed (its check value differs).", "签章保护的文件已被修改（杂凑值不一致）");
        Add("ofd.reference_missing", Failed, HashFailure, "A file protected by the seal is missing.", "签章保护的文件缺失");
        Add("ofd.file_added", Failed, NotPermittedChange, "A file was added to the package after the seal.", "签章后文件包中新增了文件");
        Add("ofd.seal_file_mismatch", Failed, FormatFailure, "The seal file differs from the seal inside the signature.", "印章文件与签名值中的印章不一致");
        Add("ofd.archive_malformed", Failed, FormatFailure, "An OFD archive part (Doc_0/Signs/Archive/Archive_N.xml) is malformed.", "OFD 归档数据文件格式错误");
        Add("ofd.archive_file_mismatch", Failed, HashFailure, "A file of the OFD package changed after it was archived (its check value differs from the archive part's).", "归档后 OFD 文件包中的文件已被修改（杂凑值与归档记录不一致）");
        Add("ofd.archive_file_missing", Failed, HashFailure, "A file listed by an OFD archive part is missing from the package.", "归档记录中的文件在 OFD 文件包中缺失");
        Add("ofd.archive_file_added", Failed, NotPermittedChange, "A file was added to the OFD package after it was archived.", "归档后 OFD 文件包中新增了文件");
        Add("ofd.stamp_page_missing", Failed, FormatFailure, "The stamp annotation does not refer to a page of the document.", "签章外观未指向文档中的页面");

        // Archival packages (GB/T 42727; DA/T 70 four-property check: authenticity, integrity, usability, security).
        Add("archive.manifest_missing", Failed, FormatFailure, "The package has no manifest.", "档案信息包缺少清单文件");
        Add("archive.manifest_malformed", Failed, FormatFailure, "The package manifest cannot be read.", "档案信息包清单文件格式错误");
        Add("archive.manifest_signature_invalid", Failed, HashFailure, "The package seal does not cover the manifest as it is (the manifest was edited).", "信息包电子印章与清单不一致（清单被修改）");
        Add("archive.package_seal_missing", Failed, NoSignatureFound, "The package carries no package seal.", "档案信息包未加盖封装电子印章");
        Add("archive.package_seal_not_entitled", Failed, NotAuthorised, "The package seal is not a seal of an archiving department the check accepts.", "信息包封装电子印章不属于认可的档案部门");
        Add("archive.package_seal_malformed", Failed, FormatFailure, "The package seal is not a readable SES_Signature.", "信息包封装电子印章格式错误");
        Add("archive.timestamp_missing", Indeterminate, NoPoe, "The package seal carries no time-stamp.", "信息包封装电子印章没有时间戳");
        Add("archive.file_added", Failed, NotPermittedChange, "A file is in the package but not in its manifest.", "信息包中存在清单未列出的文件");
        Add("archive.file_missing", Failed, HashFailure, "A file listed in the manifest is missing from the package.", "清单列出的文件在信息包中缺失");
        Add("archive.digest_mismatch", Failed, HashFailure, "A file differs from its manifest entry (SM3 digest or size).", "文件与清单记录不一致（SM3 杂凑值或大小不同）");
        Add("archive.metadata_mismatch", Failed, HashFailure, "A document differs from its metadata (SM3 digest, size or format recorded at ingest).", "文件与其元数据记录不一致（接收时记录的 SM3 杂凑值、大小或格式）");
        Add("archive.metadata_missing", Failed, FormatFailure, "A document has no metadata record.", "文件缺少元数据记录");
        Add("archive.seal_missing", Failed, NotPermittedChange, "A document carries fewer seals than were recorded at ingest.", "文件的电子印章少于接收时记录的数量");
        Add("archive.seal_not_valid", Failed, Generic, "A seal of the document does not verify.", "文件的电子印章验证未通过");
        Add("archive.seal_indeterminate", Indeterminate, Generic, "Whether a seal of the document is valid cannot be decided.", "无法判定文件的电子印章是否有效");
        Add("archive.not_checked", Indeterminate, Generic, "The property could not be checked (the file is missing or unreadable).", "无法检测该项（文件缺失或无法读取）");
        Add("archive.file_unreadable", Failed, FormatFailure, "The file does not open in its format.", "文件无法按其格式打开");
        Add("archive.format_not_archival", Failed, FormatFailure, "The file's format is not on the archival list (PDF/A, OFD, XML).", "文件格式不在归档格式清单中（PDF/A、OFD、XML）");
        Add("archive.pdfa_claim_inconsistent", Failed, FormatFailure, "The PDF's PDF/A identification (XMP pdfaid) is inconsistent.", "PDF 文件的 PDF/A 标识（XMP pdfaid）不一致");
        Add("archive.encrypted", Failed, Generic, "The file is encrypted.", "文件已加密");
        Add("archive.active_content", Failed, Generic, "The file carries active content (scripts, launch actions, forms that execute).", "文件包含活动内容（脚本、启动操作、可执行表单等）");
        Add("archive.external_reference", Failed, Generic, "The file refers to content outside itself (links, remote files, external entities).", "文件引用了外部内容（链接、远程文件、外部实体等）");
        Add("archive.xml_dtd", Failed, Generic, "The XML file carries a document type declaration (entities, external references).", "XML 文件包含文档类型声明（实体、外部引用）");

        // PDF seals.
        Add("pdf.unreadable", Indeterminate, SignedDataNotFound, "The file is not a readable PDF.", "无法读取该 PDF 文件");
        Add("pdf.structure_unreadable", Indeterminate, SignedDataNotFound, "The PDF's form and signature structure cannot be read.", "无法读取 PDF 文件的表单与签名结构");
        Add("pdf.unsigned", Indeterminate, NoSignatureFound, "The document carries no seal or signature.", "文档未加盖电子印章");
        Add("byterange.missing", Failed, FormatFailure, "The signature has no byte range.", "签名缺少签名范围（ByteRange）");
        Add("byterange.malformed", Failed, FormatFailure, "The signature's byte range is malformed.", "签名范围（ByteRange）格式错误");
        Add("byterange.not_from_start", Failed, FormatFailure, "The byte range does not start at the beginning of the file.", "签名范围未从文件起始处开始");
        Add("byterange.out_of_bounds", Failed, FormatFailure, "The byte range reaches beyond the end of the file.", "签名范围超出文件长度");
        Add("byterange.gap_not_contents", Failed, FormatFailure, "The bytes left out of the byte range are not the signature value.", "签名范围之外的部分不是签名值");
        Add("byterange.gap_outside_signature_dictionary", Failed, FormatFailure, "The bytes left out of the byte range lie outside the signature dictionary.", "签名范围之外的部分不在签名字典内");
        Add("byterange.not_at_revision_end", Failed, FormatFailure, "The byte range does not end at the end of a revision.", "签名范围未在某一修订版本末尾结束");
        Add("contents.missing", Failed, FormatFailure, "The signature value (/Contents) is missing.", "签名值（Contents）缺失");
        Add("contents.malformed", Failed, FormatFailure, "The signature value (/Contents) is malformed.", "签名值（Contents）格式错误");
        Add("contents.empty", Failed, FormatFailure, "The signature value (/Contents) is empty.", "签名值（Contents）为空");
        Add("contents.too_large", Failed, FormatFailure, "The signature value (/Contents) is larger than allowed.", "签名值（Contents）超过允许的大小");
        Add("signature.dictionary_not_locatable", Failed, FormatFailure, "The signature dictionary cannot be located in the file.", "无法在文件中定位签名字典");
        Add("signature.not_a_dictionary", Failed, FormatFailure, "The signature field's value is not a signature dictionary.", "签名域的值不是签名字典");
        Add("signature.removed_later", Failed, NotPermittedChange, "The signature was removed by a later revision.", "签章在后续修订中被移除");
        Add("signature.unsigned_visible_field", Failed, NotPermittedChange, "A later revision added a signature field that draws on the page without a signature of its own covering it.", "后续修订添加了在页面上显示内容但未经自身签名覆盖的签名域");
        Add("cms.not_signed_data", Failed, FormatFailure, "The signature value is not a CMS SignedData.", "签名值不是 CMS SignedData 结构");
        Add("cms.malformed", Failed, FormatFailure, "The CMS signature is malformed.", "CMS 签名数据格式错误");
        Add("cms.not_detached", Failed, FormatFailure, "The CMS signature is not detached.", "CMS 签名不是分离式签名");
        Add("cms.signer_count", Indeterminate, Generic, "The CMS signature does not have exactly one signer.", "CMS 签名的签名者不是恰好一个");
        Add("cms.signer_certificate_missing", Indeterminate, NoSigningCertificateFound, "The CMS signature does not carry the signer's certificate.", "CMS 签名未附带签名者证书");
        Add("cms.no_signed_attributes", Indeterminate, SigConstraintsFailure, "The CMS signature has no signed attributes.", "CMS 签名不含签名属性");
        Add("cms.attributes_missing", Failed, FormatFailure, "The CMS signature lacks a required signed attribute.", "CMS 签名缺少必需的签名属性");
        Add("algorithm.unsupported", Indeterminate, CryptoConstraintsFailure, "The signature algorithm is not supported.", "不支持该签名算法");
        Add("digest.mismatch", Failed, HashFailure, "The document was changed after sealing (digest mismatch).", "文档内容在签章后被修改（摘要不一致）");
        Add("certificate.key_unsupported", Indeterminate, CryptoConstraintsFailure, "The signing certificate's key type is not supported.", "不支持签名证书的密钥类型");
        Add("certificate.expired_no_poe", Indeterminate, OutOfBoundsNoPoe, "The signing certificate had expired at the validation time and no time-stamp proves the signature existed before.", "验证时签名证书已过期，且无时间戳证明签名在此之前已存在");
        Add("certificate.revoked_no_poe", Indeterminate, RevokedNoPoe, "The signing certificate was revoked at the validation time and no time-stamp proves the signature existed before the revocation.", "验证时签名证书已被撤销，且无时间戳证明签名在撤销之前已存在");
        Add("certificate.not_checked", Indeterminate, Generic, "The signing certificate was not checked.", "未检查签名证书");
        foreach (var c in ChainCodes)
        {
            // The PDF verifier checks the chain at signing time: only "no chain found" leaves the seal undecided.
            var (indication, sub) = c.Code switch
            {
                "untrusted" or "loop" or "too_long" => (Indeterminate, c.Sub),
                "expired" => (Failed, Expired),
                "not_yet_valid" => (Failed, NotYetValid),
                "revoked" => (Failed, Revoked),
                "revocation_unknown" => (Failed, CertificateChainGeneralFailure),
                _ => (Failed, c.Sub),
            };
            Add("certificate.chain." + c.Code, indication, sub, "Signing certificate at signing time: " + c.English, "签章时的签名证书：" + c.Chinese);
        }

        Add("change_analysis.skipped", Indeterminate, Generic, "Changes after the seal were not analysed (on request).", "未分析签章后的修改（按要求跳过）");
        Add("change_analysis.too_many_revisions", Indeterminate, Generic, "Too many revisions follow the seal to analyse them.", "签章后的修订版本过多，未完成修改分析");
        Add("change_analysis.undecidable", Indeterminate, Generic, "Whether changes after the seal are permitted cannot be decided.", "无法判断签章后的修改是否允许");
        Add("change_analysis.not_permitted", Failed, NotPermittedChange, "A revision after the seal made changes that are not permitted.", "签章后存在不允许的修改");
        Add("docmdp.no_changes_permitted", Failed, NotPermittedChange, "The document permits no changes after certification, but was changed.", "文档设定签章后不允许修改，但已被修改");
        Add("limit.input_size", Indeterminate, Generic, "The input is larger than the verifier accepts.", "输入超过允许验证的大小");
        Add("limit.certificates", Indeterminate, Generic, "The input carries more certificates than the verifier accepts.", "携带的证书数量超过限制");
        Add("limit.entries", Indeterminate, Generic, "The status list has more entries than the verifier accepts.", "状态列表条目数超过限制");
        Add("limit.picture_size", Indeterminate, Generic, "The seal picture is larger than the verifier accepts.", "印章图片超过允许的大小");
        Add("limit.time", Indeterminate, Generic, "The verification took longer than the verifier allows.", "验证耗时超过限制");
        Add("limit.revisions", Indeterminate, Generic, "The file has more revisions than the verifier accepts.", "文件修订版本数超过限制");
        Add("limit.objects", Indeterminate, Generic, "The file has more objects than the verifier accepts.", "文件对象数量超过限制");
        Add("limit.nesting_depth", Indeterminate, Generic, "The input is nested deeper than the verifier accepts.", "输入嵌套层数超过限制");
        Add("limit.stream_decoded_bytes", Indeterminate, Generic, "A stream decodes to more bytes than the verifier accepts.", "数据流解压后超过允许的大小");
        Add("limit.total_decoded_bytes", Indeterminate, Generic, "The streams decode to more bytes in total than the verifier accepts.", "数据流解压后总大小超过限制");

        // The audit chain.
        Add("audit.changed", Failed, HashFailure, "An audit record was changed.", "审计记录被篡改");
        Add("audit.removed", Failed, HashFailure, "An audit record was removed.", "审计记录被删除");
        Add("audit.inserted", Failed, HashFailure, "An audit record was inserted.", "审计记录被插入");
        Add("audit.reordered", Failed, HashFailure, "Audit records were reordered.", "审计记录顺序被改变");

        return [.. list.OrderBy(r => r.Code, StringComparer.Ordinal)];
    }
}
