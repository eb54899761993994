using System.Text.Json;

namespace FinOpsDashboard.Infrastructure.Tests.AwsApi;

/// <summary>Answers one request the fake accepted (signature checked, no fault queued).</summary>
public delegate Task<FakeAwsResponse> FakeAwsHandler(FakeAwsRequest request, CancellationToken cancellationToken);

/// <summary>How a service spells its errors on the wire.</summary>
public enum FakeAwsProtocol
{
    /// <summary>JSON 1.0/1.1: <c>{"__type": ..., "message": ...}</c>.</summary>
    Json,

    /// <summary>JSON with CloudWatch's query-compatible <c>x-amzn-query-error: Code;Sender</c> header as well.</summary>
    QueryCompatibleJson,

    /// <summary>REST JSON (Bedrock): <c>x-amzn-ErrorType</c> header and <c>{"message": ...}</c>.</summary>
    RestJson,

    /// <summary>Query (STS): XML ErrorResponse.</summary>
    Query,
}

/// <summary>One request as the fake received it.</summary>
public sealed class FakeAwsRequest
{
    public required string Operation { get; init; }

    /// <summary>The signing name the route expects: ce, monitoring, bedrock, budgets, sts.</summary>
    public required string Service { get; init; }

    public required string Method { get; init; }
    public required string Path { get; init; }

    /// <summary>The raw query string without '?', as sent (still percent-encoded).</summary>
    public required string Query { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public required string Body { get; init; }

    /// <summary>From the Authorization header's credential scope; null when it could not be parsed.</summary>
    public SigV4Authorization? Authorization { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Decoded query parameter.</summary>
    public string? QueryValue(string name) =>
        Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0]) == name)
            .Select(p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))
            .FirstOrDefault();

    public T BodyAs<T>() => JsonSerializer.Deserialize<T>(Body, FakeAwsServer.Json)
        ?? throw new InvalidOperationException($"The {Operation} body is empty.");
}

public sealed record FakeAwsResponse(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeAwsResponse Json(object value, string contentType = "application/json") =>
        new(200, JsonSerializer.Serialize(value, value.GetType(), FakeAwsServer.Json), contentType);
}

/// <summary>What a fault sees: which service it answers for, and how that service writes errors.</summary>
public sealed class FakeFaultContext(string service, FakeAwsProtocol protocol, Func<int, string, string, FakeAwsResponse> error)
{
    public string Service => service;
    public FakeAwsProtocol Protocol => protocol;

    /// <summary>An AWS-shaped error answer in the service's protocol.</summary>
    public FakeAwsResponse Error(int status, string code, string message) => error(status, code, message);
}

/// <summary>A queued misbehaviour: answers instead of the handler (or delays, then lets the handler answer).</summary>
public sealed class FakeFault(string name, Func<FakeFaultContext, CancellationToken, Task<FakeAwsResponse?>> apply)
{
    public string Name => name;

    internal Task<FakeAwsResponse?> ApplyAsync(FakeFaultContext context, CancellationToken cancellationToken) => apply(context, cancellationToken);

    public override string ToString() => name;

    /// <summary>The service's own throttling answer: CE 400 LimitExceededException, CloudWatch 400 Throttling, Bedrock 429 ThrottlingException.</summary>
    public static FakeFault Throttle() => new("throttle", (c, _) => Task.FromResult<FakeAwsResponse?>(c.Service switch
    {
        "ce" => c.Error(400, "LimitExceededException", "Rate exceeded"),
        "monitoring" => c.Error(400, "Throttling", "Rate exceeded"),
        "sts" => c.Error(400, "Throttling", "Rate exceeded"),
        "budgets" => c.Error(400, "ThrottlingException", "Rate exceeded"),
        _ => c.Error(429, "ThrottlingException", "Too many requests, please wait before trying again."),
    }));

    public static FakeFault ServiceUnavailable() => Error(503, "ServiceUnavailable", "Service is currently unavailable.");

    public static FakeFault InternalFailure() => Error(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");

    public static FakeFault ExpiredToken() => new("expired-token", (c, _) => Task.FromResult<FakeAwsResponse?>(
        c.Error(c.Protocol == FakeAwsProtocol.RestJson ? 403 : 400, c.Protocol == FakeAwsProtocol.Query ? "ExpiredToken" : "ExpiredTokenException", "The security token included in the request is expired")));

    public static FakeFault AccessDenied() => new("access-denied", (c, _) => Task.FromResult<FakeAwsResponse?>(
        c.Error(c.Service == "ce" ? 400 : 403, c.Protocol is FakeAwsProtocol.Query or FakeAwsProtocol.QueryCompatibleJson ? "AccessDenied" : "AccessDeniedException",
            "User: arn:aws:iam::111122223333:user/finops is not authorized to perform this operation")));

    /// <summary>What JSON services answer when the request time is more than 5 minutes off.</summary>
    public static FakeFault ClockSkew() => new("clock-skew", (c, _) => Task.FromResult<FakeAwsResponse?>(c.Error(
        400, "InvalidSignatureException", "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T124600Z - 5 min.)")));

    /// <summary>A 200 that is not JSON, like a captive portal or a misrouted proxy answers.</summary>
    public static FakeFault Garbage(string body = "<html><body>Please sign in to the proxy</body></html>") =>
        Respond(new FakeAwsResponse(200, body, "text/html"));

    /// <summary>Waits (or until the client gives up), then lets the handler answer.</summary>
    public static FakeFault Delay(TimeSpan delay) => new($"delay {delay}", async (_, ct) =>
    {
        await Task.Delay(delay, ct);
        return null;
    });

    public static FakeFault Error(int status, string code, string message) =>
        new($"{status} {code}", (c, _) => Task.FromResult<FakeAwsResponse?>(c.Error(status, code, message)));

    public static FakeFault Respond(FakeAwsResponse response) => new($"respond {response.Status}", (_, _) => Task.FromResult<FakeAwsResponse?>(response));
}
