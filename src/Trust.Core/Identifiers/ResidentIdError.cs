namespace Trust.Core.Identifiers;

/// <summary>Why a string is not a valid resident ID number (GB 11643-1999).</summary>
public enum ResidentIdError
{
    /// <summary>The number is valid.</summary>
    None = 0,

    /// <summary>Not exactly 18 characters.</summary>
    Length = 1,

    /// <summary>The first 17 characters are not all digits 0-9, or the last is not a digit or <c>X</c>.</summary>
    Characters = 2,

    /// <summary>The first two digits are not a province-level code of GB/T 2260.</summary>
    Region = 3,

    /// <summary>Characters 7 to 14 are not a calendar date <c>YYYYMMDD</c> between 1900-01-01 and 2099-12-31.</summary>
    BirthDate = 4,

    /// <summary>The check digit (character 18) does not match ISO 7064 MOD 11-2.</summary>
    CheckDigit = 5,
}
