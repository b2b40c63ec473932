using System.Text.Json.Serialization;

namespace Stampede.DemoTarget.Json;

/// <summary>Source-generated serializers: no reflection at run time, and trimming-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EncryptRequest))]
[JsonSerializable(typeof(EncryptResponse))]
[JsonSerializable(typeof(DecryptRequest))]
[JsonSerializable(typeof(DecryptResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(ItemResponse))]
[JsonSerializable(typeof(QueueResponse))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
