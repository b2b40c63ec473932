namespace Stampede;

/// <summary>
/// Bad input from the user: a usage error, a scenario file, a certificate, a URL. The CLI prints the
/// message on one line and exits with code 2; it never shows a stack trace for this exception.
/// </summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidInputException()
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong and how to fix it.</summary>
    public InvalidInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
