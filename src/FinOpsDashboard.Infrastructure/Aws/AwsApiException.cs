namespace FinOpsDashboard.Infrastructure.Aws;

/// <summary>What went wrong, coarse enough for the UI to pick a remedy.</summary>
public enum AwsErrorKind
{
    Other,
    Throttling,
    ServiceError,
    Timeout,
    Network,
    ExpiredCredentials,
    InvalidCredentials,
    NoCredentials,
    InvalidSignature,
    ClockSkew,
    AccessDenied,
    InvalidRequest,
    UnreadableResponse,
}

/// <summary>
/// An AWS call that failed for good: either a non-retryable answer, or a retryable one (throttling, 5xx, timeout)
/// still failing after the last attempt. <see cref="Exception.Message"/> says what to do about it.
/// </summary>
public sealed class AwsApiException : Exception
{
    public AwsApiException(
        string service,
        string operation,
        AwsErrorKind kind,
        string advice,
        int? httpStatus = null,
        string? errorCode = null,
        string? awsMessage = null,
        string? requestId = null,
        bool isRetryable = false,
        int attempts = 1,
        Exception? innerException = null)
        : base(Compose(service, operation, advice, httpStatus, errorCode, awsMessage, requestId), innerException)
    {
        Service = service;
        Operation = operation;
        Kind = kind;
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        AwsMessage = awsMessage;
        RequestId = requestId;
        IsRetryable = isRetryable;
        Attempts = attempts;
    }

    /// <summary>Signing name of the service (ce, monitoring, bedrock, budgets, sts), or "credentials" when the default chain found none.</summary>
    public string Service { get; }

    public string Operation { get; }

    public AwsErrorKind Kind { get; }

    /// <summary>Null when no answer arrived (timeout, network failure, no credentials).</summary>
    public int? HttpStatus { get; }

    /// <summary>AWS's error code, e.g. ExpiredTokenException; for CloudWatch the query-compatible code when AWS sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>AWS's own message, unedited.</summary>
    public string? AwsMessage { get; }

    /// <summary>x-amzn-RequestId: what AWS support asks for.</summary>
    public string? RequestId { get; }

    /// <summary>True when the failure is transient (throttling, 5xx, timeout) and a later run may succeed.</summary>
    public bool IsRetryable { get; }

    public int Attempts { get; }

    private static string Compose(string service, string operation, string advice, int? status, string? code, string? awsMessage, string? requestId)
    {
        var details = new List<string>();
        if (status is not null)
        {
            details.Add($"HTTP {status}");
        }

        if (!string.IsNullOrEmpty(code))
        {
            details.Add(code);
        }

        if (!string.IsNullOrWhiteSpace(awsMessage))
        {
            details.Add($"\"{awsMessage}\"");
        }

        if (!string.IsNullOrEmpty(requestId))
        {
            details.Add($"request id {requestId}");
        }

        var suffix = details.Count > 0 ? $" ({string.Join(", ", details)})" : "";
        return $"AWS {service} {operation}: {advice}{suffix}";
    }
}
