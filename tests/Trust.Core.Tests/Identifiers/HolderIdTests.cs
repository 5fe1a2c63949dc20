using Trust.Core.Identifiers;
using Trust.Core.Licences;

namespace Trust.Core.Tests.Identifiers;

public sealed class HolderIdTests
{
    [Theory]
    [InlineData("330106199003071236", HolderKind.Person)]
    [InlineData("11010519491231002x", HolderKind.Person)]
    [InlineData("91350100M000100Y43", HolderKind.Organisation)]
    public void The_kind_is_recognised(string value, HolderKind kind)
    {
        var id = HolderId.Parse(value);

        Assert.Equal(kind, id.Kind);
        Assert.Equal(value.ToUpperInvariant(), id.Value);
    }

    [Fact]
    public void An_expected_kind_rejects_the_other_kind_naming_the_field()
    {
        var e = Assert.Throws<TrustFormatException>(() => HolderId.Parse("91350100M000100Y43", HolderKind.Person, "holder"));

        Assert.Equal("holder", e.Field);
        Assert.Contains("resident ID number", e.Message, StringComparison.Ordinal);
        Assert.Null(HolderId.Validate("330106199003071236", HolderKind.Person));
        Assert.NotNull(HolderId.Validate("330106199003071236", HolderKind.Organisation));
    }

    [Fact]
    public void A_string_valid_under_both_schemes_follows_the_expected_kind()
    {
        // Search the generated space for an 18-digit string that passes both checks.
        string? both = null;
        for (var sequence = 0; sequence < 1000 && both is null; sequence++)
        {
            var first17 = $"11330119900307{sequence:D3}"; // province 11 for the ID, 33 for the USCC division
            var candidate = first17 + ResidentIdNumber.ComputeCheckDigit(first17);
            if (UnifiedSocialCreditCode.IsValid(candidate))
            {
                both = candidate;
            }
        }

        Assert.NotNull(both);
        Assert.Equal(HolderKind.Person, HolderId.Parse(both).Kind);
        Assert.Equal(HolderKind.Organisation, HolderId.Parse(both, HolderKind.Organisation).Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an identifier")]
    [InlineData("330106199003071237")]
    public void Invalid_values_are_refused_without_repeating_them(string? value)
    {
        Assert.False(HolderId.TryParse(value, null, out _));
        var e = Assert.Throws<TrustFormatException>(() => HolderId.Parse(value));
        Assert.Equal("holder_id", e.Field);
        if (!string.IsNullOrEmpty(value))
        {
            Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
        }
    }
}
