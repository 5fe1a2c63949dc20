namespace Trust.Core.Licences;

/// <summary>Who a licence (or a service item) is for.</summary>
public enum HolderKind
{
    /// <summary>A natural person, identified by an 18-character resident ID number (GB 11643-1999).</summary>
    Person = 0,

    /// <summary>An organisation, identified by an 18-character unified social credit code (GB 32100-2015).</summary>
    Organisation = 1,
}
