using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Stampede.DemoTarget.Crypto;

/// <summary>
/// AES-256-GCM under one random key that never leaves the process, like a key held in an HSM. Sealed
/// messages are <c>nonce (12) | ciphertext | tag (16)</c>.
/// </summary>
internal sealed class AesGcmCipher : IDisposable
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = NonceSize + TagSize;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    // AesGcm holds a native cipher context that must not be shared between threads at once; one per thread
    // avoids both a lock and re-importing the key per request.
    private readonly ThreadLocal<AesGcm> _instances;
    private readonly uint _noncePrefix = BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(4));
    // A counter rather than random nonces: nonces can then never repeat under this key, however many
    // messages a long soak test seals.
    private long _nonceCounter;

    public AesGcmCipher()
    {
        _instances = new ThreadLocal<AesGcm>(() => new AesGcm(_key, TagSize), trackAllValues: true);
    }

    /// <summary>Seals <paramref name="plaintext"/> into <paramref name="destination"/>, which must hold exactly <c>plaintext.Length + Overhead</c> bytes.</summary>
    public void Seal(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        var nonce = destination[..NonceSize];
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, _noncePrefix);
        BinaryPrimitives.WriteInt64LittleEndian(nonce[4..], Interlocked.Increment(ref _nonceCounter));
        var ciphertext = destination.Slice(NonceSize, plaintext.Length);
        var tag = destination.Slice(NonceSize + plaintext.Length, TagSize);
        _instances.Value!.Encrypt(nonce, plaintext, ciphertext, tag);
    }

    /// <summary>
    /// Opens a sealed message into <paramref name="plaintext"/> (<c>sealedMessage.Length - Overhead</c> bytes).
    /// <see langword="false"/> when the message is too short or fails authentication.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedMessage, Span<byte> plaintext)
    {
        if (sealedMessage.Length < Overhead)
        {
            return false;
        }

        var length = sealedMessage.Length - Overhead;
        try
        {
            _instances.Value!.Decrypt(
                sealedMessage[..NonceSize],
                sealedMessage.Slice(NonceSize, length),
                sealedMessage.Slice(NonceSize + length, TagSize),
                plaintext[..length]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var instance in _instances.Values)
        {
            instance.Dispose();
        }

        _instances.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
