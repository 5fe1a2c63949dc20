
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGrpc();
builder.Services.AddGrpcHealthChecks();
builder.Services.AddGrpcReflection();

var app = builder.Build();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
app.MapGet("/healthz", () => Results.Text("ok"));

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var address in app.Urls)
    {
        Console.WriteLine($"Trust server listening on {address}");
    }

    Console.WriteLine("Try: grpc health at the Grpc endpoint, or GET /healthz on the Web endpoint. Ctrl+C stops.");
});

app.Run();

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
