using Grpc.Health.V1;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>Runs alone: its CPU burner would slow the start-up of other tests' servers.</summary>
[CollectionDefinition(nameof(StartupUnderLoadTests), DisableParallelization = true)]
public sealed class StartupUnderLoadCollection;

/// <summary>
/// Start-up under CPU starvation: with a busy-spinning thread on every core of the machine, a server with a
/// fresh development PKI and store must still come up (grpc.health.v1 SERVING), issue a licence and answer
/// verify calls. The bound on waiting is generous: the test is about "does not exit or crash", not speed.
/// </summary>
[Collection(nameof(StartupUnderLoadTests))]
public sealed class StartupUnderLoadTests
{
    [Fact]
    public async Task Server_started_while_every_core_is_busy_reaches_serving_and_answers_verify()
    {
        using var burner = new CpuBurner(Environment.ProcessorCount);
        var server = new PatientServer();
        try
        {
            // Fresh PKI folder and store: the server creates its development PKI while every core is busy.
            await server.InitializeAsync();
            Assert.True(burner.Spinning, "the CPU burner stopped before the server was up");

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync());
            var licences = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, server.Departments[0]));
            var issued = await licences.IssueAsync(TestLicences.Example(server.Departments[0]));
            var valid = await licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
            Assert.Equal(Verdict.Valid, valid.Result.Verdict);
            var garbage = await licences.VerifyAsync(new VerifyLicenceRequest { Licence = Google.Protobuf.ByteString.CopyFrom(0xd2, 0x84, 0x40) });
            Assert.Equal(Verdict.Invalid, garbage.Result.Verdict);
            Assert.True(server.IsRunning, "server exited:\n" + server.Output);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>The standard test server with a longer start-up bound (a starved machine starts slowly).</summary>
    private sealed class PatientServer : ServerProcess
    {
        protected override TimeSpan StartDeadline => TimeSpan.FromMinutes(5);
    }

    /// <summary>Threads that spin until disposed (joined on dispose, so nothing outlives the test).</summary>
    private sealed class CpuBurner : IDisposable
    {
        private readonly Thread[] _threads;
        private volatile bool _stop;
        private long _spins;

        public CpuBurner(int threads)
        {
            _threads = new Thread[threads];
            for (var i = 0; i < threads; i++)
            {
                _threads[i] = new Thread(Spin) { IsBackground = true, Name = "cpu-burner-" + i };
                _threads[i].Start();
            }
        }

        /// <summary>Whether every burner thread is still alive and they have been spinning.</summary>
        public bool Spinning => _threads.All(t => t.IsAlive) && Interlocked.Read(ref _spins) > 0;

        public void Dispose()
        {
            _stop = true;
            foreach (var thread in _threads)
            {
                thread.Join();
            }
        }

        private void Spin()
        {
            var x = 0UL;
            while (!_stop)
            {
                for (var i = 0; i < 1_000_000; i++)
                {
                    x = (x * 6364136223846793005UL) + 1442695040888963407UL;
                }

                Interlocked.Increment(ref _spins);
            }

            GC.KeepAlive(x);
        }
    }
}
