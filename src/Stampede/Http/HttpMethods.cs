namespace Stampede.Http;

/// <summary>Parses HTTP method names, reusing the framework's shared instances for the standard ones.</summary>
public static class HttpMethods
{
    /// <summary>The method for a name (case-insensitive for standard methods).</summary>
    /// <exception cref="InvalidInputException">The name is not a valid HTTP token.</exception>
    public static HttpMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "GET" => HttpMethod.Get,
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            "DELETE" => HttpMethod.Delete,
            "PATCH" => HttpMethod.Patch,
            "HEAD" => HttpMethod.Head,
            "OPTIONS" => HttpMethod.Options,
            "TRACE" => HttpMethod.Trace,
            _ when name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)) => new HttpMethod(name),
            _ => throw new InvalidInputException($"'{name}' is not an HTTP method; use GET, POST, PUT, DELETE, PATCH, HEAD or OPTIONS"),
        };
    }
}
