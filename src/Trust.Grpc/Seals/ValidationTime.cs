using Grpc.Core;
using Google.Protobuf.WellKnownTypes;

namespace Trust.Grpc.Seals;

/// <summary>
/// The optional validation time of a verify call (ETSI EN 319 102-1 past signature validation): a protobuf
/// <see cref="Timestamp"/> mapped to the library's option, the same as <c>trust seal verify --at DATE</c>.
/// </summary>
internal static class ValidationTime
{
    /// <summary>0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds: the range of <see cref="DateTimeOffset"/> (and of RFC 3339).</summary>
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>Null when absent; otherwise the time.</summary>
    /// <exception cref="RpcException">INVALID_ARGUMENT naming <paramref name="field"/> for seconds or nanos out of range.</exception>
    public static DateTimeOffset? From(string field, Timestamp? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Seconds is < MinSeconds or > MaxSeconds)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: seconds {value.Seconds} is outside 0001-01-01..9999-12-31"));
        }

        if (value.Nanos is < 0 or > 999_999_999)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: nanos {value.Nanos} is outside 0..999999999"));
        }

        return value.ToDateTimeOffset();
    }
}
