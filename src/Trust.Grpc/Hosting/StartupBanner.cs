namespace Trust.Grpc.Hosting;

/// <summary>What the server prints once it listens: addresses and what to try first.</summary>
internal static class StartupBanner
{
    public static void Print(ICollection<string> addresses, TrustBootstrap boot, TextWriter output)
    {
        output.WriteLine($"Trust server: PKI {boot.PkiDirectory} ({boot.Manifest.Departments.Count} departments{(boot.Manifest.DevelopmentOnly ? ", DEVELOPMENT keys" : "")}), store {StoreKind(boot.StoreSpec)}.");
        foreach (var address in addresses)
        {
            output.WriteLine($"Trust server listening on {address}");
        }

        var grpc = addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        var hostPort = new Uri(grpc).Authority;
        var department = boot.Manifest.Departments.FirstOrDefault()?.Code ?? "SAMR";
        output.WriteLine("Try first:");
        output.WriteLine($"  grpcurl -plaintext {hostPort} list");
        output.WriteLine($"  grpcurl -plaintext {hostPort} grpc.health.v1.Health/Check");
        output.WriteLine($"  grpcurl -plaintext -d '{{\"department\":\"{department}\"}}' {hostPort} trust.v1.StatusService/GetStatusList");
        output.WriteLine("  (issue: trust.v1.LicenceService/Issue with department, type_code, holder_id, holder_name, fields; see src/Trust.Grpc/Protos/trust/v1/licence.proto)");
        output.WriteLine("Ctrl+C stops the server.");
    }

    private static string StoreKind(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? "?" : spec[..colon] + (spec.StartsWith("sqlite:", StringComparison.Ordinal) ? " " + spec[7..] : "");
    }
}
