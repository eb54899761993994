using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FinOpsDashboard.Infrastructure.Aws.Http;

/// <summary>An error answer as AWS's JSON, REST-JSON and query-compatible protocols send it.</summary>
public sealed record AwsErrorResponse(int HttpStatus, string ErrorCode, string? Message, string? RequestId);

/// <summary>Reads AWS error answers and decides which are worth retrying and what a person should do about the rest.</summary>
public static class AwsErrors
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "InternalServerException", "InternalServiceError", "ServiceUnavailable", "ServiceUnavailableException",
    };

    private static readonly HashSet<string> ExpiredCodes = new(StringComparer.Ordinal)
    {
        "ExpiredTokenException", "ExpiredToken", "TokenRefreshRequired",
    };

    private static readonly HashSet<string> InvalidCredentialCodes = new(StringComparer.Ordinal)
    {
        "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "AuthFailure",
    };

    private static readonly HashSet<string> SignatureCodes = new(StringComparer.Ordinal)
    {
        "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature", "IncompleteSignatureException",
    };

    private static readonly HashSet<string> ClockSkewCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture",
    };

    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "UnauthorizedException", "OptInRequired",
    };

    private static readonly HashSet<string> InvalidRequestCodes = new(StringComparer.Ordinal)
    {
        "ValidationException", "ValidationError", "InvalidParameterValue", "InvalidParameterValueException",
        "InvalidParameterCombination", "InvalidParameterCombinationException", "MissingParameter",
        "MissingRequiredParameterException", "InvalidNextToken", "InvalidNextTokenException", "SerializationException",
        "UnknownOperationException", "RequestChangedException", "DataUnavailableException", "BillExpirationException",
        "InvalidAction",
    };

    /// <summary>
    /// Error code precedence: CloudWatch's query-compatible <c>x-amzn-query-error</c> ("Code;Sender"), then
    /// <c>x-amzn-ErrorType</c>, then the body's <c>__type</c> / <c>code</c>; the namespace and URI parts are dropped.
    /// </summary>
    public static AwsErrorResponse Parse(int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        string? bodyType = null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                bodyType = StringMember(doc.RootElement, "__type", "code", "Code");
                message = StringMember(doc.RootElement, "message", "Message", "errorMessage");
            }
        }
        catch (JsonException)
        {
            // Not JSON: an XML (query protocol) or HTML (proxy) body; keep a short snippet as the message.
            message = Snippet(body);
        }

        var code = Header(headers, "x-amzn-query-error")?.Split(';')[0]
            ?? Header(headers, "x-amzn-ErrorType")
            ?? bodyType;
        code = string.IsNullOrWhiteSpace(code) ? $"Http{status}" : Normalize(code);
        var requestId = Header(headers, "x-amzn-RequestId") ?? Header(headers, "x-amz-request-id");
        return new AwsErrorResponse(status, code, string.IsNullOrWhiteSpace(message) ? null : message, requestId);
    }

    public static (AwsErrorKind Kind, bool Retryable) Classify(int status, string code, string? message)
    {
        var text = message ?? "";
        if (ClockSkewCodes.Contains(code)
            || text.Contains("Signature expired", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Signature not yet current", StringComparison.OrdinalIgnoreCase))
        {
            return (AwsErrorKind.ClockSkew, false);
        }

        if (ThrottlingCodes.Contains(code) || status == 429)
        {
            return (AwsErrorKind.Throttling, true);
        }

        if (ExpiredCodes.Contains(code))
        {
            return (AwsErrorKind.ExpiredCredentials, false);
        }

        if (InvalidCredentialCodes.Contains(code))
        {
            return (AwsErrorKind.InvalidCredentials, false);
        }

        if (SignatureCodes.Contains(code))
        {
            return (AwsErrorKind.InvalidSignature, false);
        }

        if (AccessDeniedCodes.Contains(code))
        {
            return (AwsErrorKind.AccessDenied, false);
        }

        if (InvalidRequestCodes.Contains(code))
        {
            return (AwsErrorKind.InvalidRequest, false);
        }

        if (TransientCodes.Contains(code) || status >= 500)
        {
            return (AwsErrorKind.ServiceError, true);
        }

        return (AwsErrorKind.Other, false);
    }

    /// <summary>The remedy shown to a person: what to check or do, in one sentence.</summary>
    public static string Advice(AwsErrorKind kind, AwsEndpoint endpoint, string operation, string code, int attempts, double timeoutSeconds = 0) =>
        code switch
        {
            "DataUnavailableException" => "Cost Explorer has no data for this account or period yet: enable Cost Explorer in the Billing console (data appears within 24 hours)",
            "InvalidNextToken" or "InvalidNextTokenException" or "RequestChangedException" =>
                "the page token is no longer valid (the data changed between pages): run the job again from the first page",
            _ => kind switch
            {
                AwsErrorKind.Throttling => $"AWS kept throttling the call after {attempts} attempt(s): run again later, or run ingestion less often",
                AwsErrorKind.ServiceError => $"AWS answered with a server error after {attempts} attempt(s); this is usually temporary: run again later",
                AwsErrorKind.Timeout => $"no answer within {timeoutSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s after {attempts} attempt(s): check network access to {endpoint.BaseUri.Host} (proxy, firewall, VPC endpoint) or raise Aws:RequestTimeoutSeconds",
                AwsErrorKind.Network => $"could not reach {endpoint.BaseUri.Host} after {attempts} attempt(s): check DNS, proxy and firewall, or the {endpoint.Service.OverrideName} override",
                AwsErrorKind.ExpiredCredentials => "AWS credentials have expired: refresh the session (aws sso login, or renew AWS_SESSION_TOKEN / the assumed role) and run again",
                AwsErrorKind.InvalidCredentials => "AWS does not recognise the access key: check AWS_ACCESS_KEY_ID or AWS_PROFILE points at an active key in the right partition",
                AwsErrorKind.InvalidSignature => "AWS rejected the request signature: check the secret key belongs to the access key, and that no proxy rewrites requests",
                AwsErrorKind.ClockSkew => "AWS rejected the request time: check the machine clock (it must be within 5 minutes of real time; enable NTP)",
                AwsErrorKind.AccessDenied => $"access denied: grant the identity the IAM permission {endpoint.Service.IamPrefix}:{operation}",
                AwsErrorKind.InvalidRequest => "AWS rejected the request as invalid",
                _ => "the call failed",
            },
        };

    private static string? StringMember(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) : null;

    /// <summary>"com.amazon.coral.service#ExpiredTokenException:http://..." → "ExpiredTokenException".</summary>
    private static string Normalize(string code)
    {
        var value = code.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }

        var hash = value.LastIndexOf('#');
        return hash >= 0 ? value[(hash + 1)..] : value;
    }

    internal static string Snippet(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty body)" : text;
    }
}
