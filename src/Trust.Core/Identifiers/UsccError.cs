namespace Trust.Core.Identifiers;

/// <summary>Why a string is not a valid unified social credit code (GB 32100-2015).</summary>
public enum UsccError
{
    /// <summary>The code is valid.</summary>
    None = 0,

    /// <summary>Not exactly 18 characters.</summary>
    Length = 1,

    /// <summary>A character outside <c>0-9 A-H J-N P-R T-U W-Y</c> (I, O, Z, S, V and lower case are not used).</summary>
    Characters = 2,

    /// <summary>Character 1 is not a registration management department code of GB 32100-2015 appendix A.</summary>
    RegistrationDepartment = 3,

    /// <summary>Character 2 is not an organisation type defined for that registration department.</summary>
    OrganisationType = 4,

    /// <summary>Characters 3 to 8 are not a six-digit administrative division code (GB/T 2260).</summary>
    AdministrativeDivision = 5,

    /// <summary>The check character (character 18) does not match the GB 32100-2015 MOD 31 check.</summary>
    CheckCharacter = 6,
}
