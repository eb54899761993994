using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace FinOpsDashboard.Infrastructure.Aws.Http;

/// <summary>The parts of a SigV4 signature, kept so tests and the fake server can show what was signed.</summary>
public sealed record SigV4Signature(string CanonicalRequest, string SignedHeaders, string Signature, string Authorization);

/// <summary>
/// AWS Signature Version 4 for the JSON and REST-JSON APIs. We build the canonical request (RFC 3986 encoding,
/// sorted query, trimmed lower-case headers); AWSSDK.Core's AWS4Signer derives the key and signs it.
/// </summary>
public static class SigV4Signer
{
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Adds X-Amz-Date, X-Amz-Security-Token (session credentials) and Authorization to a request ready to send.</summary>
    public static SigV4Signature Sign(
        HttpRequestMessage request, ReadOnlySpan<byte> body, ImmutableCredentials credentials, string region, string service, DateTime signedAtUtc)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute.", nameof(request));
        }

        var amzDate = signedAtUtc.ToString(DateFormat, CultureInfo.InvariantCulture);
        Replace(request, "X-Amz-Date", amzDate);
        if (credentials.UseToken)
        {
            Replace(request, "X-Amz-Security-Token", credentials.Token);
        }

        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", request.Headers.Host ?? uri.Authority),
            new("x-amz-date", amzDate),
        };
        if (credentials.UseToken)
        {
            headers.Add(new("x-amz-security-token", credentials.Token));
        }

        if (request.Headers.TryGetValues("X-Amz-Target", out var target))
        {
            headers.Add(new("x-amz-target", string.Join(',', target)));
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }

        var signature = Compute(
            request.Method.Method, uri.AbsolutePath, uri.Query, headers, HexSha256(body), credentials, region, service, signedAtUtc);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return signature;
    }

    /// <summary>
    /// Signs a request given as it goes on the wire. <paramref name="path"/> is encoded once more per segment:
    /// AWS services other than S3 expect the already-escaped path to be escaped again in the canonical URI.
    /// </summary>
    public static SigV4Signature Compute(
        string method,
        string path,
        string query,
        IEnumerable<KeyValuePair<string, string>> headers,
        string payloadHash,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTime signedAtUtc)
    {
        var canonicalHeaders = headers
            .GroupBy(h => h.Key.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => CollapseSpaces(h.Value)))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        var canonicalRequest = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalUri(path)).Append('\n')
            .Append(CanonicalQuery(query)).Append('\n')
            .AppendJoin("", canonicalHeaders.Select(h => $"{h.Name}:{h.Value}\n")).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(payloadHash)
            .ToString();

        var result = AWS4Signer.ComputeSignature(credentials, region, signedAtUtc, service, signedHeaders, canonicalRequest);
        return new SigV4Signature(canonicalRequest, signedHeaders, result.Signature, result.ForAuthorizationHeader);
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>"/" for an empty path; otherwise each segment RFC 3986-encoded.</summary>
    public static string CanonicalUri(string path) =>
        string.IsNullOrEmpty(path) ? "/" : string.Join('/', path.Split('/').Select(UriEncode));

    /// <summary>Decodes each name and value, re-encodes them per RFC 3986 and sorts by name, then value.</summary>
    public static string CanonicalQuery(string query)
    {
        var pairs = query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? p : p[..eq];
                var value = eq < 0 ? "" : p[(eq + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986: every byte but A-Z a-z 0-9 - _ . ~ becomes %XX (upper-case hex) of its UTF-8 encoding.</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void Replace(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
