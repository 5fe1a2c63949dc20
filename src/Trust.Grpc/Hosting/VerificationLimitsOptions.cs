using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Pdf;

namespace Trust.Grpc.Hosting;

/// <content>The <c>Trust:Verification</c> section: the verifiers' resource limits, bound into the libraries' own options objects.</content>
internal sealed partial class TrustServerOptions
{
    /// <summary>The verifiers' resource limits (<c>Trust:Verification</c>); the defaults are the libraries' defaults.</summary>
    public VerificationLimitsOptions Verification { get; set; } = new();

    /// <summary>
    /// One library options object per verifier the server runs, bound from configuration as they are (no server-side
    /// copy of a limit): <c>Trust:Verification:Licence:*</c> (<see cref="LicenceVerificationLimits"/>, used by Verify,
    /// VerifyBatch, VerifyStream and every licence a grant check looks at), <c>Trust:Verification:Grant:*</c>
    /// (<see cref="GrantVerificationLimits"/>, CheckGrant) and <c>Trust:Verification:Pdf:*</c> (the limits of
    /// <see cref="PdfVerificationOptions"/>, VerifyPdf; only its <c>Max*</c> limits are taken, see
    /// <see cref="PdfVerificationOptions.WithLimitsOf"/>). Ranges are checked at start (<see cref="ConfigurationCheck"/>)
    /// and again by the libraries.
    /// </summary>
    internal sealed class VerificationLimitsOptions
    {
        /// <summary>The licence verifier's limits.</summary>
        public LicenceVerificationLimits Licence { get; set; } = new();

        /// <summary>The grant checker's limits.</summary>
        public GrantVerificationLimits Grant { get; set; } = new();

        /// <summary>The PDF verifier's limits (the other settings of the object are not taken from configuration).</summary>
        public PdfVerificationOptions Pdf { get; set; } = new();
    }
}
