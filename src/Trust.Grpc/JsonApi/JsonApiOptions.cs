namespace Trust.Grpc.Hosting;

/// <summary>The <c>Trust:JsonApi</c> settings (see <see cref="JsonApi.JsonApiExtensions"/>).</summary>
internal sealed partial class TrustServerOptions
{
    /// <summary>Settings of the JSON API.</summary>
    public JsonApiSettings JsonApi { get; set; } = new();

    /// <summary>Settings of the JSON API.</summary>
    internal sealed class JsonApiSettings
    {
        /// <summary>
        /// Largest JSON request body, in bytes; 0 (default) = twice <see cref="MaxReceiveMessageSize"/> (base64 and
        /// field names make JSON larger than protobuf).
        /// </summary>
        public int MaxBodyBytes { get; set; }
    }

    /// <summary>The JSON body limit in force.</summary>
    internal long JsonMaxBodyBytes => JsonApi.MaxBodyBytes > 0 ? JsonApi.MaxBodyBytes : 2L * MaxReceiveMessageSize;
}
