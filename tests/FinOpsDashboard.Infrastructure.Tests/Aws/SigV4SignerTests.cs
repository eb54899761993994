using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using FinOpsDashboard.Infrastructure.Aws.Http;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

/// <summary>AWS's published SigV4 test suite (aws-sig-v4-test-suite): known request → known signature.</summary>
public sealed class SigV4SignerTests
{
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private const string SessionToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private static readonly DateTime SuiteTime = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);
    private static readonly ImmutableCredentials SuiteKeys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    public static TheoryData<string, string, string, string?, string, string, string> Vectors => new()
    {
        // name, method, path and query, content type, body, signed headers, signature
        { "get-vanilla", "GET", "/", null, "", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "post-vanilla", "POST", "/", null, "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", null, "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "get-vanilla-query-unreserved", "GET", "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", null, "", "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197" },
        { "get-vanilla-utf8-query", "GET", "/?\u1234=bar", null, "", "host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
        { "get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", null, "", "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
        { "post-x-www-form-urlencoded", "POST", "/", "application/x-www-form-urlencoded", "Param1=value1", "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SignsSuiteRequest_AsPublished(string name, string method, string pathAndQuery, string? contentType, string body, string signedHeaders, string signature)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("https://example.amazonaws.com" + pathAndQuery));
        var bytes = Encoding.UTF8.GetBytes(body);
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var signed = SigV4Signer.Sign(request, bytes, SuiteKeys, "us-east-1", "service", SuiteTime);

        Assert.True(signature == signed.Signature, $"{name}: got {signed.Signature} for\n{signed.CanonicalRequest}");
        Assert.Equal($"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders={signedHeaders}, Signature={signature}", string.Join(",", request.Headers.GetValues("Authorization")));
        Assert.Equal("20150830T123600Z", string.Join(",", request.Headers.GetValues("X-Amz-Date")));
    }

    [Fact]
    public void SignsUtf8Path_AsPublished_GetUtf8()
    {
        // The suite gives the path as sent, unescaped; Compute takes the wire path and escapes each segment once.
        var signed = SigV4Signer.Compute(
            "GET", "/\u1234", "", [new("host", "example.amazonaws.com"), new("x-amz-date", "20150830T123600Z")],
            SigV4Signer.HexSha256([]), SuiteKeys, "us-east-1", "service", SuiteTime);

        Assert.Equal("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85", signed.Signature);
        Assert.StartsWith("GET\n/%E1%88%B4\n", signed.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void SignsSessionToken_AsPublished_PostStsHeaderBefore()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");

        var signed = SigV4Signer.Sign(request, [], new ImmutableCredentials(SuiteKeys.AccessKey, SuiteKeys.SecretKey, SessionToken), "us-east-1", "service", SuiteTime);

        Assert.Equal("host;x-amz-date;x-amz-security-token", signed.SignedHeaders);
        Assert.Equal("85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead", signed.Signature);
        Assert.Equal(SessionToken, string.Join(",", request.Headers.GetValues("X-Amz-Security-Token")));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void FakeServerVerifier_AgreesWithSuite(string name, string method, string pathAndQuery, string? contentType, string body, string signedHeaders, string signature)
    {
        var uri = new Uri("https://example.amazonaws.com" + pathAndQuery);
        var headers = new List<(string, string)> { ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z") };
        if (contentType is not null)
        {
            headers.Add(("content-type", contentType));
        }

        var canonical = SigV4Verifier.CanonicalRequest(method, uri.AbsolutePath, uri.Query, headers, Encoding.UTF8.GetBytes(body));

        Assert.True(
            signature == SigV4Verifier.Signature(SuiteKeys.SecretKey, "20150830T123600Z", "us-east-1", "service", canonical),
            $"{name} ({signedHeaders}):\n{canonical}");
    }

    [Theory]
    [InlineData("abc-_.~XYZ09", "abc-_.~XYZ09")]
    [InlineData("a b+c/d=e&f", "a%20b%2Bc%2Fd%3De%26f")]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/x", "arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2Fx")]
    [InlineData("\u00e9*", "%C3%A9%2A")]
    public void UriEncode_IsRfc3986(string raw, string encoded) => Assert.Equal(encoded, SigV4Signer.UriEncode(raw));

    [Fact]
    public void CanonicalQuery_SortsByEncodedNameThenValue()
    {
        Assert.Equal("a=1&a=2&b=x%2By&nextToken=a%2Fb%3D%3D", SigV4Signer.CanonicalQuery("?nextToken=a%2Fb%3D%3D&b=x%2By&a=2&a=1"));
    }
}
