using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinOpsDashboard.Infrastructure.Aws.Http;

/// <summary>A JSON-protocol service's wire identity: X-Amz-Target prefix and content type.</summary>
public sealed record AwsJsonProtocol(string TargetPrefix, string ContentType)
{
    public static readonly AwsJsonProtocol CostExplorer = new("AWSInsightsIndexService", "application/x-amz-json-1.1");
    public static readonly AwsJsonProtocol CloudWatch = new("GraniteServiceVersion20100801", "application/x-amz-json-1.0");
    public static readonly AwsJsonProtocol Budgets = new("AWSBudgetServiceGateway", "application/x-amz-json-1.1");
}

/// <summary>
/// AWS's JSON 1.0 / 1.1 protocol: <c>POST /</c>, the operation in <c>X-Amz-Target</c>, request and response as
/// JSON objects whose member names are the records' own (PascalCase, as AWS spells them).
/// </summary>
public sealed class AwsJsonClient(AwsRequestSender sender, AwsEndpoint endpoint, AwsJsonProtocol protocol)
{
    public AwsEndpoint Endpoint => endpoint;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
        where TResponse : class
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJson.Options);
        var response = await sender.SendAsync(
            endpoint,
            new AwsHttpRequest(operation, HttpMethod.Post, "/", [], body, protocol.ContentType, $"{protocol.TargetPrefix}.{operation}"),
            cancellationToken);
        return AwsJson.Read<TResponse>(endpoint, operation, response);
    }
}

/// <summary>Bedrock's REST-JSON protocol: the operation in method and path, parameters in the query, bodies as JSON.</summary>
public sealed class AwsRestJsonClient(AwsRequestSender sender, AwsEndpoint endpoint)
{
    public AwsEndpoint Endpoint => endpoint;

    public async Task<TResponse> GetAsync<TResponse>(
        string operation, string path, IEnumerable<KeyValuePair<string, string?>> query, CancellationToken cancellationToken)
        where TResponse : class
    {
        var present = query.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!)).ToList();
        var response = await sender.SendAsync(endpoint, new AwsHttpRequest(operation, HttpMethod.Get, path, present), cancellationToken);
        return AwsJson.Read<TResponse>(endpoint, operation, response);
    }

    public async Task<TResponse> PostAsync<TRequest, TResponse>(string operation, string path, TRequest request, CancellationToken cancellationToken)
        where TResponse : class
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJson.Options);
        var response = await sender.SendAsync(endpoint, new AwsHttpRequest(operation, HttpMethod.Post, path, [], body, "application/json"), cancellationToken);
        return AwsJson.Read<TResponse>(endpoint, operation, response);
    }
}

public static class AwsJson
{
    /// <summary>Names as declared (AWS's own); absent members omitted, as AWS does.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A 200 whose body is not the expected JSON is an error, never a null or half-read object.</summary>
    public static T Read<T>(AwsEndpoint endpoint, string operation, AwsHttpResponse response)
        where T : class
    {
        try
        {
            if (JsonSerializer.Deserialize<T>(response.Body, Options) is { } value)
            {
                return value;
            }
        }
        catch (JsonException e)
        {
            throw Unreadable(endpoint, operation, response, e);
        }
        catch (NotSupportedException e)
        {
            throw Unreadable(endpoint, operation, response, e);
        }

        throw Unreadable(endpoint, operation, response, null);
    }

    private static AwsApiException Unreadable(AwsEndpoint endpoint, string operation, AwsHttpResponse response, Exception? inner) =>
        new(
            endpoint.Service.SigningName,
            operation,
            AwsErrorKind.UnreadableResponse,
            $"{endpoint.BaseUri.Host} answered HTTP {response.HttpStatus} with a body that is not the expected JSON (\"{AwsErrors.Snippet(response.Body)}\"): "
                + $"a proxy may be intercepting requests, or {endpoint.Service.OverrideName} points at the wrong server",
            response.HttpStatus,
            "UnreadableResponse",
            requestId: response.RequestId,
            innerException: inner);
}
