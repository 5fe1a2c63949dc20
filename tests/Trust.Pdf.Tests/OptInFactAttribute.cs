namespace Trust.Pdf.Tests;

/// <summary>A fact that runs only when an environment variable is set to 1; otherwise it is reported as skipped, not as passed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptInFactAttribute : FactAttribute
{
    /// <summary>Runs the test only when <paramref name="variable"/> is "1".</summary>
    public OptInFactAttribute(string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) != "1")
        {
            Skip = $"opt-in: set {variable}=1 to run";
        }
    }
}
