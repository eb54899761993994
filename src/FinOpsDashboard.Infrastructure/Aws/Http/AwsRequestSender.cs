using System.Diagnostics;
using System.Net.Http.Headers;
using FinOpsDashboard.Infrastructure.Aws.Credentials;

namespace FinOpsDashboard.Infrastructure.Aws.Http;

/// <summary>One request to an AWS API, before signing. <paramref name="Query"/> values are unencoded.</summary>
public sealed record AwsHttpRequest(
    string Operation,
    HttpMethod Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    byte[]? Body = null,
    string? ContentType = null,
    string? Target = null);

/// <summary>A 2xx answer's body.</summary>
public sealed record AwsHttpResponse(int HttpStatus, byte[] Body, string? RequestId);

/// <summary>One attempt as it happened: for callers that count or log what reached AWS.</summary>
public sealed record AwsCallAttempt(string Service, string Operation, int Attempt, int? HttpStatus, string? ErrorCode, TimeSpan Elapsed);

/// <summary>
/// Signs, sends and retries AWS requests for one account: throttling, 5xx, timeouts and network failures are
/// retried with exponential backoff and full jitter up to MaxAttempts; everything else fails at once with an
/// <see cref="AwsApiException"/>. Each attempt is re-signed (fresh date, possibly refreshed credentials).
/// </summary>
public sealed class AwsRequestSender(
    HttpClient http,
    IAwsCredentialSource credentials,
    AwsAccountOptions? account,
    AwsOptions options,
    TimeProvider clock,
    Action<AwsCallAttempt>? onAttempt = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(20);

    public async Task<AwsHttpResponse> SendAsync(AwsEndpoint endpoint, AwsHttpRequest request, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(1, options.MaxAttempts);
        var timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds > 0 ? options.RequestTimeoutSeconds : 60);
        var service = endpoint.Service.SigningName;
        for (var attempt = 1; ; attempt++)
        {
            var keys = await credentials.GetAsync(account, cancellationToken);
            using var message = Build(endpoint, request);
            SigV4Signer.Sign(message, request.Body ?? [], keys, endpoint.SigningRegion, service, clock.GetUtcNow().UtcDateTime);

            var started = Stopwatch.GetTimestamp();
            AwsApiException failure;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(timeout);
                try
                {
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token);
                    var body = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        Report(service, request.Operation, attempt, status, null, started);
                        return new AwsHttpResponse(status, body, RequestId(response.Headers));
                    }

                    var error = AwsErrors.Parse(status, response.Headers, body);
                    Report(service, request.Operation, attempt, status, error.ErrorCode, started);
                    var (kind, retryable) = AwsErrors.Classify(status, error.ErrorCode, error.Message);
                    failure = new AwsApiException(
                        service, request.Operation, kind, AwsErrors.Advice(kind, endpoint, request.Operation, error.ErrorCode, attempt),
                        status, error.ErrorCode, error.Message, error.RequestId, retryable, attempt);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    Report(service, request.Operation, attempt, null, "Timeout", started);
                    failure = new AwsApiException(
                        service, request.Operation, AwsErrorKind.Timeout,
                        AwsErrors.Advice(AwsErrorKind.Timeout, endpoint, request.Operation, "", attempt, timeout.TotalSeconds),
                        isRetryable: true, attempts: attempt, innerException: e);
                }
                catch (HttpRequestException e)
                {
                    Report(service, request.Operation, attempt, null, "NetworkError", started);
                    failure = new AwsApiException(
                        service, request.Operation, AwsErrorKind.Network,
                        $"{AwsErrors.Advice(AwsErrorKind.Network, endpoint, request.Operation, "", attempt)} ({e.Message})",
                        isRetryable: true, attempts: attempt, innerException: e);
                }
            }

            if (!failure.IsRetryable || attempt >= maxAttempts)
            {
                throw failure;
            }

            await Task.Delay(Backoff(attempt, TimeSpan.FromMilliseconds(Math.Max(0, options.BaseRetryDelayMilliseconds))), clock, cancellationToken);
        }
    }

    /// <summary>Full jitter: uniformly between zero and base × 2^(attempt−1), capped at 20 s.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan baseDelay)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private static HttpRequestMessage Build(AwsEndpoint endpoint, AwsHttpRequest request)
    {
        var query = string.Join('&', request.Query.Select(p => $"{SigV4Signer.UriEncode(p.Key)}={SigV4Signer.UriEncode(p.Value)}"));
        var message = new HttpRequestMessage(request.Method, endpoint.Resolve(query.Length == 0 ? request.Path : $"{request.Path}?{query}"));
        if (request.Target is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Target", request.Target);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        return message;
    }

    private void Report(string service, string operation, int attempt, int? status, string? code, long started) =>
        onAttempt?.Invoke(new AwsCallAttempt(service, operation, attempt, status, code, Stopwatch.GetElapsedTime(started)));

    private static string? RequestId(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;
}
